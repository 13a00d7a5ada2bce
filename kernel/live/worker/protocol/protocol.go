// Package protocol is the one definition of what the kernel and the worker
// (package live and its command worker) say to each other: one JSON
// [Request] per line on the worker's file descriptor 3, one JSON [Reply]
// per request on its file descriptor 4.
//
// Both ends compile this file: the kernel imports it, and the session
// module the worker is built in receives a copy of it at the import path
// [SessionPath], so a field added here reaches both ends at once. It uses
// the standard library only, since every package the worker links is
// shared with the cell plugins.
package protocol

// Path is this package's import path in the nnbook module; SessionPath is
// where a session module holds it for the worker.
const (
	Path        = "github.com/nnbook/nnbook/kernel/live/worker/protocol"
	SessionPath = "nnbook.session/worker/protocol"
)

// Request asks the worker to load and run one cell plugin, or, with
// Sizes or Summarize set, to describe live variables.
type Request struct {
	// Plugin is the path of the plugin's .so file.
	Plugin string `json:",omitempty"`
	// Args are the words after the cell's %% line: os.Args[1:] while
	// the plugin loads and its cell runs.
	Args []string `json:",omitempty"`
	// Sizes names variables whose sizes %whos shows.
	Sizes []string `json:",omitempty"`
	// Summarize names a variable whose value inspection shows.
	Summarize string `json:",omitempty"`
}

// Reply is the outcome of one request.
type Reply struct {
	// Value is the MIME bundle of the trailing expression; nil for none
	// and for a nil interface value.
	Value map[string]any `json:",omitempty"`
	// Panic is the message of a panic in the cell's goroutine, and Stack
	// the goroutine's stack when it was recovered.
	Panic string `json:",omitempty"`
	Stack string `json:",omitempty"`
	// LoadError is set when the plugin could not be loaded.
	LoadError string `json:",omitempty"`
	// Sizes answers a request's Sizes, in order.
	Sizes []string `json:",omitempty"`
	// Summary answers a request's Summarize: the value's size (as in
	// Sizes) and its %v, truncated to SummaryMax runes.
	Summary *Summary `json:",omitempty"`
}

// Summary describes a live value for inspection.
type Summary struct {
	// Size is "3×4" for a matrix, "len 5" for a string, slice, array, map
	// or channel, "" for other values.
	Size string `json:",omitempty"`
	// Value is the value formatted with %v, cut at SummaryMax runes
	// (ending in "…" when cut).
	Value string
}

// SummaryMax bounds the runes of Summary.Value.
const SummaryMax = 400
