// Package show is the cell side of nnbook's displays: what a cell calls to
// show rich output, to clear its output and to update a display in place
// while it runs (a progress line, a loss curve during training).
//
// It sends through gonbui's pipe protocol, so it works in nnbook and in
// GoNB, and does nothing when the program does not run under a kernel.
// It imports nothing of the kernel's server.
//
// In the saved notebook a live display keeps its last content, so a
// training cell leaves a static picture behind that renders anywhere.
package show

import (
	"strconv"
	"sync/atomic"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// MIMEClearOutput is the MIME type of a clear-output request in gonbui's
// protocol; its value is the bool wait. nnbook's kernel understands it; other
// kernels ignore it.
const MIMEClearOutput protocol.MIMEType = "nnbook/clear_output"

// HTML displays html as a new output of the cell.
func HTML(html string) { send(protocol.MIMETextHTML, html, "") }

// Markdown displays Markdown text (with $…$ math) as a new output.
func Markdown(md string) { send(protocol.MIMETextMarkdown, md, "") }

// PNG displays a PNG image given as its encoded bytes.
func PNG(png []byte) { send(protocol.MIMEImagePNG, png, "") }

// SVG displays an SVG image as image/svg+xml (gonbui.DisplaySVG wraps it in
// HTML instead).
func SVG(svg string) { send(protocol.MIMEImageSVG, svg, "") }

// ClearOutput clears the output of the running cell. With wait, the
// output is cleared only when the next output arrives, so a loop that
// clears and redraws does not flicker.
func ClearOutput(wait bool) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{MIMEClearOutput: wait}})
	gonbui.Sync()
}

// Sync returns when everything displayed before it has reached the kernel.
// The functions of this package call it after each display; a program
// that displays through gonbui directly calls it before it prints text
// that must come after a display.
func Sync() { gonbui.Sync() }

// Display is one output that is updated in place: the first call shows it,
// later calls replace its content.
type Display struct {
	id string
}

// lastID numbers the displays of the program.
var lastID atomic.Int64

// NewDisplay returns a display that shows nothing until its first update.
func NewDisplay() *Display {
	return &Display{id: "show-" + gonbui.UniqueId() + "-" + strconv.FormatInt(lastID.Add(1), 10)}
}

// HTML shows html in d.
func (d *Display) HTML(html string) { send(protocol.MIMETextHTML, html, d.id) }

// Markdown shows Markdown text in d.
func (d *Display) Markdown(md string) { send(protocol.MIMETextMarkdown, md, d.id) }

// PNG shows a PNG image in d.
func (d *Display) PNG(png []byte) { send(protocol.MIMEImagePNG, png, d.id) }

// SVG shows an SVG image in d.
func (d *Display) SVG(svg string) { send(protocol.MIMEImageSVG, svg, d.id) }

// Finish waits until the last update of d has reached the kernel; d keeps
// that content.
func (d *Display) Finish() { Sync() }

// send displays one MIME value, in the display id when not empty.
func send(mime protocol.MIMEType, v any, id string) {
	if !gonbui.IsNotebook {
		return
	}
	gonbui.SendData(&protocol.DisplayData{Data: map[protocol.MIMEType]any{mime: v}, DisplayID: id})
	// The kernel publishes what the program printed before the display
	// first; waiting for it keeps later text from overtaking the display.
	gonbui.Sync()
}
