package show_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/nnbook/nnbook/kernel/display/show"
)

func ExampleHTML() {
	show.HTML("<b>Hello</b>, notebook")
	show.Sync()
	fmt.Println(received())
	// Output:
	// [display_data text/html <b>Hello</b>, notebook]
}

func ExamplePNG() {
	img := image.NewGray(image.Rect(0, 0, 2, 2))
	img.Set(1, 1, color.White)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	show.PNG(buf.Bytes())
	show.Sync()
	fmt.Println("sent", buf.Len(), "bytes")
	fmt.Println(received())
	// Output:
	// sent 75 bytes
	// [display_data image/png 75 bytes]
}

func ExampleSVG() {
	show.SVG(`<svg width="8" height="8"/>`)
	show.Sync()
	fmt.Println(received())
	// Output:
	// [display_data image/svg+xml <svg width="8" height="8"/>]
}

func ExampleMarkdown() {
	show.Markdown("Loss: $L = \\frac{1}{n}\\sum (y - \\hat y)^2$")
	show.Sync()
	fmt.Println(received())
	// Output:
	// [display_data text/markdown Loss: $L = \frac{1}{n}\sum (y - \hat y)^2$]
}

// A progress line that updates in place while a loop runs; the saved
// notebook keeps the last state.
func ExampleDisplay() {
	progress := show.NewDisplay()
	for epoch := 1; epoch <= 3; epoch++ {
		progress.HTML(fmt.Sprintf("epoch %d/3", epoch))
	}
	progress.Markdown("**trained**")
	progress.Finish()
	for _, m := range received() {
		fmt.Println(m)
	}
	// Output:
	// display_data text/html epoch 1/3
	// update_display_data text/html epoch 2/3
	// update_display_data text/html epoch 3/3
	// update_display_data text/markdown **trained**
}

// Redrawing a chart each epoch: clear with wait, then display, so the
// output area never flickers empty.
func ExampleClearOutput() {
	for epoch := 1; epoch <= 2; epoch++ {
		show.ClearOutput(true)
		show.HTML(fmt.Sprintf("<p>loss after epoch %d</p>", epoch))
	}
	show.Sync()
	for _, m := range received() {
		fmt.Println(m)
	}
	// Output:
	// clear_output wait=true
	// display_data text/html <p>loss after epoch 1</p>
	// clear_output wait=true
	// display_data text/html <p>loss after epoch 2</p>
}
