package live_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// orderRounds is how many print, display, print rounds TestOutputOrder
// runs.
const orderRounds = 1500

// TestOutputOrder runs, through the kernel, a cell that prints, displays
// and prints again many times, with clear_output and live-display updates
// among them, and checks that the front end receives the text and the
// displays in the order the cell produced them, although stdout is
// coalesced into stream messages.
func TestOutputOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("builds plugins")
	}
	f := startKernel(t, newSession(t, time.Second))
	code := fmt.Sprintf(`import (
	"fmt"
	"strconv"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/nnbook/nnbook/kernel/display/show"
)

for i := range %d {
	fmt.Print("<a", i, ">")
	switch i %% 4 {
	case 0, 1:
		gonbui.DisplayHTML("d" + strconv.Itoa(i))
	case 2:
		gonbui.UpdateHTML("live", "u"+strconv.Itoa(i))
	case 3:
		show.ClearOutput(false)
	}
	fmt.Print("<b", i, ">")
}`, orderRounds)
	id := f.send(f.shell, "execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	var got strings.Builder
	for {
		m := f.wait(f.published, id, cellTimeout)
		if m == nil {
			t.Fatal("no idle status")
		}
		var c struct {
			Name, Text     string
			ExecutionState string `json:"execution_state"`
			Data           map[string]any
			Ename, Evalue  string
		}
		if err := m.DecodeContent(&c); err != nil {
			t.Fatal(err)
		}
		switch m.Header.MsgType {
		case "stream":
			got.WriteString(c.Text)
		case "display_data", "update_display_data":
			got.WriteString("[" + fmt.Sprint(c.Data["text/html"]) + "]")
		case "clear_output":
			got.WriteString("[clear]")
		case "error":
			t.Fatalf("%s: %s", c.Ename, c.Evalue)
		}
		if m.Header.MsgType == "status" && c.ExecutionState == "idle" {
			break
		}
	}
	var want strings.Builder
	for i := range orderRounds {
		fmt.Fprintf(&want, "<a%d>", i)
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&want, "[d%d]", i)
		case 2:
			fmt.Fprintf(&want, "[u%d]", i)
		case 3:
			want.WriteString("[clear]")
		}
		fmt.Fprintf(&want, "<b%d>", i)
	}
	if got.String() != want.String() {
		g, w := got.String(), want.String()
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("the front end saw the output out of order from byte %d:\ngot  …%.200s\nwant …%.200s", i, g[i:], w[i:])
	}
}
