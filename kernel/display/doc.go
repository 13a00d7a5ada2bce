// Package display is the kernel side of gonbui's named-pipe protocol, so a
// cell program that displays through github.com/janpfeifer/gonb/gonbui (or
// a package built on it, such as [github.com/nnbook/nnbook/kernel/display/show])
// shows rich output in nnbook unchanged.
//
// For each program run, [Start] creates two FIFOs (mode 0600) in a private
// directory: the program writes a gob stream of protocol.DisplayData
// values to $GONB_PIPE and reads protocol.CommValue replies from
// $GONB_PIPE_BACK. [Pipes.Env] returns those variables and the other GONB_*
// variables gonbui's users read. The program's stdin, stdout and stderr are
// pipes of the same [Pipes]: answers to input requests arrive on stdin, and
// before a display is published the text the program wrote before it is
// passed on, so a display never overtakes the text printed before it. (Text
// printed right after a display may still come first; gonbui.Sync before
// printing orders that too.) The kernel maps what it decodes:
//
//   - a MIME bundle becomes display_data; []byte values of binary types
//     (image/png) become base64 text, as Jupyter expects;
//   - a DisplayID becomes the transient display_id, prefixed with the
//     execution's scope so that re-running a cell never updates the output
//     of an older cell: its first use is display_data, later uses are
//     update_display_data;
//   - gonbui.RequestInput becomes an input_request; the answer is written to
//     the program's stdin followed by a newline. When the front end accepts
//     no input the cell is told so on stderr and its stdin is closed, so a
//     read sees end of file instead of waiting forever. A plain read of
//     stdin (fmt.Scan) gets the same prompt (see [Pipes.Started]);
//   - gonbui.Sync is answered with "#gonbui/sync_ack" once everything sent
//     before it has been delivered;
//   - [MIMEClearOutput] (sent by
//     [github.com/nnbook/nnbook/kernel/display/show.ClearOutput]) becomes
//     clear_output.
//
// A program that never opens the pipes costs nothing: the kernel's ends are
// opened without blocking, and [Pipes.Close] returns once the program has
// exited and what it sent has been delivered.
package display
