package kernel

import (
	"context"
	"fmt"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
)

// executeContent is the content of an execute_request.
type executeContent struct {
	Code         string `json:"code"`
	Silent       bool   `json:"silent"`
	StoreHistory bool   `json:"store_history"`
	AllowStdin   bool   `json:"allow_stdin"`
	StopOnError  bool   `json:"stop_on_error"`
}

// enqueue queues an execute request; the execute loop runs it when the
// cells before it are done. The reader that calls it never blocks.
func (k *Kernel) enqueue(r *request) {
	k.mu.Lock()
	k.queue = append(k.queue, r)
	k.mu.Unlock()
	select {
	case k.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// dequeue removes and returns the oldest queued request, or nil.
func (k *Kernel) dequeue() *request {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.queue) == 0 {
		return nil
	}
	r := k.queue[0]
	k.queue[0] = nil
	k.queue = k.queue[1:]
	return r
}

// executeLoop runs queued cells one at a time until ctx is done.
func (k *Kernel) executeLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-k.wake:
		}
		for ctx.Err() == nil {
			r := k.dequeue()
			if r == nil {
				break
			}
			k.abort(k.execute(ctx, r))
		}
	}
}

// execute runs one cell between busy and idle. When the cell fails with
// stop_on_error set, it empties the queue before it sends the reply, and
// returns the requests taken, to be aborted: requests the front end sends
// after it sees the reply run normally.
func (k *Kernel) execute(ctx context.Context, r *request) (aborted []*request) {
	start := time.Now()
	k.publishStatus(r.msg, "busy")
	defer k.publishStatus(r.msg, "idle")

	c := executeContent{StoreHistory: true, StopOnError: true} // the protocol's defaults
	if err := r.msg.DecodeContent(&c); err != nil {
		k.log.Warn("bad execute_request", "err", err)
		k.reply(r, errorReply(k.executionCount(), "BadRequest", err.Error(), nil))
		return nil
	}
	if c.Silent {
		c.StoreHistory = false
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k.mu.Lock()
	if c.StoreHistory {
		k.count++
	}
	n := k.count
	k.cancelCell = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cancelCell = nil
		k.mu.Unlock()
	}()

	if !c.Silent {
		k.publish(r.msg, "execute_input", map[string]any{"code": c.Code, "execution_count": n})
	}
	out := k.newOutput(r, c.Silent, c.AllowStdin)
	res := k.runCell(ctx, contract.Request{
		MsgID:          r.msg.Header.MsgID,
		Code:           c.Code,
		ExecutionCount: n,
		AllowStdin:     c.AllowStdin,
		Silent:         c.Silent,
	}, out)
	out.close()

	var text any
	if s, ok := res.Value["text/plain"].(string); ok {
		text = s
	}
	if c.StoreHistory {
		k.mu.Lock()
		k.history.add(n, c.Code, text)
		k.mu.Unlock()
	}

	if e := res.Err; e != nil {
		k.log.Info("cell failed", "execution_count", n, "ename", e.Name, "duration", time.Since(start))
		traceback := e.Traceback
		if traceback == nil {
			traceback = []string{}
		}
		if !c.Silent {
			k.publish(r.msg, "error", map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": traceback})
		}
		if c.StopOnError {
			aborted = k.takeQueue()
		}
		k.reply(r, errorReply(n, e.Name, e.Value, traceback))
		return aborted
	}
	k.log.Info("cell done", "execution_count", n, "duration", time.Since(start))
	if res.Value != nil && !c.Silent {
		k.publish(r.msg, "execute_result", map[string]any{"execution_count": n, "data": res.Value, "metadata": map[string]any{}})
	}
	payload := res.Payload
	if payload == nil {
		payload = []map[string]any{}
	}
	k.reply(r, map[string]any{"status": "ok", "execution_count": n, "payload": payload, "user_expressions": map[string]any{}})
	return nil
}

// runCell calls the executor, turning a panic into an error result so one
// broken cell never takes the kernel down.
func (k *Kernel) runCell(ctx context.Context, req contract.Request, out contract.Sink) (res contract.Result) {
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("executor panicked", "execution_count", req.ExecutionCount, "panic", p)
			res = contract.Result{Err: &contract.Error{
				Name:      "InternalError",
				Value:     fmt.Sprintf("nnbook kernel: executor panicked: %v", p),
				Traceback: stackLines(),
			}}
		}
	}()
	return k.exec.Execute(ctx, req, out)
}

// errorReply is the content of an execute_reply for a failed cell.
func errorReply(n int, ename, evalue string, traceback []string) map[string]any {
	if traceback == nil {
		traceback = []string{}
	}
	return map[string]any{"status": "error", "execution_count": n,
		"ename": ename, "evalue": evalue, "traceback": traceback}
}

// executionCount returns the execution counter.
func (k *Kernel) executionCount() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.count
}

// takeQueue empties the queue and returns what it held.
func (k *Kernel) takeQueue() []*request {
	k.mu.Lock()
	defer k.mu.Unlock()
	queued := k.queue
	k.queue = nil
	return queued
}

// abort answers execute requests with status "aborted" without running
// them: the cells queued behind a failed one with stop_on_error. As in
// ipykernel, the reply has no execution count (null), so the front end
// shows the cell as never run (In [ ]).
func (k *Kernel) abort(queued []*request) {
	for _, r := range queued {
		k.log.Info("aborted a queued cell after an error", "msg_id", r.msg.Header.MsgID)
		k.publishStatus(r.msg, "busy")
		k.reply(r, map[string]any{"status": "aborted", "execution_count": nil})
		k.publishStatus(r.msg, "idle")
	}
}
