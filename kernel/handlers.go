package kernel

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/nnbook/nnbook/kernel/wire"
)

// dispatch answers one request other than execute_request.
func (k *Kernel) dispatch(ctx context.Context, r *request) {
	switch t := r.msg.Header.MsgType; t {
	case "kernel_info_request":
		k.reply(r, k.kernelInfo())
	case "complete_request":
		k.handleComplete(r)
	case "inspect_request":
		k.handleInspect(r)
	case "is_complete_request":
		k.handleIsComplete(r)
	case "history_request":
		k.handleHistory(r)
	case "comm_info_request":
		k.reply(r, map[string]any{"status": "ok", "comms": map[string]any{}})
	case "comm_open":
		k.handleCommOpen(r)
	case "comm_msg", "comm_close":
		k.log.Debug("ignored a message for a comm the kernel never opened", "msg_type", t)
	case "interrupt_request":
		k.Interrupt()
		k.reply(r, map[string]any{"status": "ok"})
	case "shutdown_request":
		k.handleShutdown(r)
	case "connect_request":
		c := k.conn
		k.reply(r, map[string]any{"status": "ok", "shell_port": c.ShellPort, "iopub_port": c.IOPubPort,
			"stdin_port": c.StdinPort, "control_port": c.ControlPort, "hb_port": c.HBPort})
	default:
		k.log.Warn("unknown message type", "channel", r.channel, "msg_type", t)
		k.replyError(r, "UnknownMessageType", fmt.Sprintf("nnbook does not handle %q messages", t), nil)
	}
}

// decode decodes r's content into v, answering r with an error reply when
// the content does not fit. It reports whether decoding succeeded.
func (k *Kernel) decode(r *request, v any) bool {
	if err := r.msg.DecodeContent(v); err != nil {
		k.log.Warn("bad content", "msg_type", r.msg.Header.MsgType, "err", err)
		k.replyError(r, "BadRequest", err.Error(), nil)
		return false
	}
	return true
}

// kernelInfo is the content of kernel_info_reply.
func (k *Kernel) kernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.Version,
		"implementation":         "nnbook",
		"implementation_version": k.version,
		"language_info": map[string]any{
			"name":            "go",
			"version":         goVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner":   fmt.Sprintf("nnbook %s: Go %s kernel", k.version, goVersion),
		"debugger": false,
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
		},
	}
}

func (k *Kernel) handleComplete(r *request) {
	var c struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if !k.decode(r, &c) {
		return
	}
	cursor := cursorOrEnd(c.Code, c.CursorPos)
	comp := k.exec.Complete(c.Code, cursor)
	matches, metadata := comp.Matches, comp.Metadata
	if matches == nil {
		matches = []string{}
	}
	if metadata == nil {
		metadata = map[string]any{}
	}
	k.reply(r, map[string]any{"status": "ok", "matches": matches,
		"cursor_start": comp.Start, "cursor_end": comp.End, "metadata": metadata})
}

func (k *Kernel) handleInspect(r *request) {
	var c struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if !k.decode(r, &c) {
		return
	}
	data, found := k.exec.Inspect(c.Code, cursorOrEnd(c.Code, c.CursorPos), c.DetailLevel)
	if !found || data == nil {
		data = map[string]any{}
	}
	k.reply(r, map[string]any{"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
}

// cursorOrEnd returns *pos, or the rune length of code when pos is missing,
// clamped to the code.
func cursorOrEnd(code string, pos *int) int {
	n := utf8.RuneCountInString(code)
	if pos == nil || *pos > n {
		return n
	}
	return max(*pos, 0)
}

func (k *Kernel) handleIsComplete(r *request) {
	var c struct {
		Code string `json:"code"`
	}
	if !k.decode(r, &c) {
		return
	}
	status, indent := k.exec.IsComplete(c.Code)
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	k.reply(r, content)
}

func (k *Kernel) handleHistory(r *request) {
	var q historyQuery
	if !k.decode(r, &q) {
		return
	}
	k.mu.Lock()
	entries, err := k.history.query(q)
	k.mu.Unlock()
	if err != nil {
		k.replyError(r, "BadRequest", err.Error(), nil)
		return
	}
	k.reply(r, map[string]any{"status": "ok", "history": entries})
}

// handleCommOpen closes every comm a front end opens: the kernel registers no
// comm targets, and comm_close is the protocol's answer to an unknown one.
func (k *Kernel) handleCommOpen(r *request) {
	var c struct {
		CommID     string `json:"comm_id"`
		TargetName string `json:"target_name"`
	}
	if err := r.msg.DecodeContent(&c); err != nil {
		k.log.Warn("bad comm_open", "err", err)
		return
	}
	k.log.Info("closing comm for an unknown target", "target_name", c.TargetName, "comm_id", c.CommID)
	k.publish(r.msg, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
}

func (k *Kernel) handleShutdown(r *request) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if err := r.msg.DecodeContent(&c); err != nil {
		// A request the kernel cannot read does not stop it.
		k.log.Warn("bad shutdown_request; not shutting down", "err", err)
		k.replyError(r, "BadRequest", fmt.Sprintf(
			"shutdown_request not obeyed, the kernel keeps running: %v; send \"restart\": true or false", err), nil)
		return
	}
	k.log.Info("shutdown requested", "channel", r.channel, "restart", c.Restart)
	k.Interrupt()
	k.reply(r, map[string]any{"status": "ok", "restart": c.Restart})
	k.stopServing(errShutdown)
}
