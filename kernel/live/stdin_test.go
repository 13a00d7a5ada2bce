package live_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/contract/contracttest"
)

// answerRecorder is a recorder whose front end answers every input
// request with answer.
type answerRecorder struct {
	*contracttest.Recorder
	answer  string
	prompts []string
}

func (r *answerRecorder) ReadInput(ctx context.Context, prompt string, password bool) (string, error) {
	r.prompts = append(r.prompts, prompt)
	return r.answer, nil
}

// inputCell asks for a name through gonbui and reads it with fmt.Scanln.
const inputCell = "gonbui.RequestInput(\"name?\", false)\nvar name string\nfmt.Scanln(&name)\nname"

// TestSessionInputAfterInterrupt checks that a cell reads input after an
// earlier input request went unanswered (the cell was interrupted, which
// ended its read), and after the worker was restarted.
func TestSessionInputAfterInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	s := newSession(t, time.Second)
	imports := "import (\n\t\"fmt\"\n\t\"sync\"\n\n\t\"github.com/janpfeifer/gonb/gonbui\"\n)\nvar mu sync.Mutex\n"
	run(t, s, 1, step{code: imports})
	n := 2
	ask := func(answer string) {
		t.Helper()
		rec := &answerRecorder{Recorder: &contracttest.Recorder{}, answer: answer}
		res := s.Execute(context.Background(), contract.Request{MsgID: "msg-" + answer, Code: inputCell, ExecutionCount: n, AllowStdin: true}, rec)
		n++
		if res.Err != nil {
			t.Fatalf("input cell: %v\n%s\nstderr %q", res.Err, strings.Join(res.Err.Traceback, "\n"), rec.Stderr())
		}
		if got, _ := res.Value["text/plain"].(string); got != `"`+answer+`"` || len(rec.prompts) != 1 || rec.prompts[0] != "name?" {
			t.Errorf("input cell: value %q after prompts %q, want %q after one \"name?\"", got, rec.prompts, answer)
		}
	}
	ask("ada")

	// An input request that the interrupt leaves unanswered.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &inputRecorder{Recorder: &contracttest.Recorder{}, interrupt: cancel, cancelled: make(chan bool, 1)}
	res := s.Execute(ctx, contract.Request{MsgID: "msg-unanswered", Code: inputCell, ExecutionCount: n, AllowStdin: true}, rec)
	n++
	if res.Err == nil || !strings.Contains(res.Err.Error(), "variables are kept") {
		t.Fatalf("interrupted input cell: got %v, want an interrupt that keeps the variables", res.Err)
	}
	ask("bob")

	// A worker restart: the cell waits on a lock, which no interrupt ends.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	res = s.Execute(ctx, contract.Request{Code: "mu.Lock()\nfmt.Println(\"started\")\nmu.Lock()", ExecutionCount: n}, &contracttest.Recorder{OnStream: whenStarted(cancel)})
	n++
	if res.Err == nil || !strings.Contains(res.Err.Error(), "restarted") {
		t.Fatalf("hanging cell: got %v, want a worker restart", res.Err)
	}
	run(t, s, n, step{code: imports})
	n++
	ask("cy")
}
