package kernel

import (
	"context"
	"errors"
	"fmt"

	"github.com/nnbook/nnbook/kernel/wire"
)

// ErrNoStdin is returned by ReadInput when the execute request did not allow
// stdin (allow_stdin false: nbconvert, papermill and most headless clients).
var ErrNoStdin = errors.New("kernel: the front end does not accept input requests for this cell (allow_stdin is false)")

// inputWait is an input_request waiting for its input_reply.
type inputWait struct {
	msgID string      // the input_request's msg_id
	reply chan string // receives the value; buffered
}

// ReadInput implements [contract.Sink]: it sends prompt to the front end
// as an input_request and waits for the user's answer. password asks the
// front end to hide the typing. It fails when the request did not allow
// stdin, when another input is pending, or when ctx is done.
func (o *output) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrNoStdin
	}
	o.mu.Lock()
	o.flushLocked(true) // the prompt follows what the cell printed
	o.mu.Unlock()

	k := o.k
	m := &wire.Message{
		Identities:   o.r.msg.Identities,
		Header:       k.header("input_request"),
		ParentHeader: o.r.msg.Header,
	}
	w := &inputWait{msgID: m.Header.MsgID, reply: make(chan string, 1)}
	k.mu.Lock()
	if k.input != nil {
		k.mu.Unlock()
		return "", errors.New("kernel: an input request is already waiting for its reply")
	}
	k.input = w
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		if k.input == w {
			k.input = nil
		}
		k.mu.Unlock()
	}()

	k.send(k.stdin, "stdin", m, map[string]any{"prompt": prompt, "password": password})
	select {
	case v := <-w.reply:
		return v, nil
	case <-ctx.Done():
		return "", fmt.Errorf("kernel: waiting for input: %w", context.Cause(ctx))
	}
}

// handleStdin delivers an input_reply to the waiting ReadInput.
func (k *Kernel) handleStdin(r *request) {
	if t := r.msg.Header.MsgType; t != "input_reply" {
		k.log.Warn("unexpected message on stdin", "msg_type", t)
		return
	}
	var c struct {
		Value string `json:"value"`
	}
	if err := r.msg.DecodeContent(&c); err != nil {
		k.log.Warn("bad input_reply", "err", err)
		return
	}
	k.mu.Lock()
	w := k.input
	// Some clients (classic Notebook 6, jupyter_client's input()) send the
	// reply without a parent header; as only one request can be pending,
	// it answers that one, as in ipykernel.
	if parent := r.msg.ParentHeader.MsgID; w != nil && (parent == w.msgID || parent == "") {
		k.input = nil
	} else {
		w = nil
	}
	k.mu.Unlock()
	if w == nil {
		k.log.Warn("input_reply to no pending input_request", "parent", r.msg.ParentHeader.MsgID)
		return
	}
	w.reply <- c.Value
}
