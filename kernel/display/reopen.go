package display

import (
	"fmt"
	"os"
)

// ReopenStdin gives the program, process pid, a working stdin again after
// an input request that got no answer closed it (a read then saw end of
// file, so that the cell could end). The program's end of the pipe is
// still open: the kernel opens a new write end to the same pipe through
// /proc (Linux), and later answers reach the program's reads. Call it
// between cells, once nothing reads the old end of file; it does nothing
// while the stdin is open. An error is also logged.
func (p *Pipes) ReopenStdin(pid int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stdinW != nil {
		return nil
	}
	w, err := os.OpenFile(fmt.Sprintf("/proc/%d/fd/0", pid), os.O_WRONLY, 0)
	if err != nil {
		err = fmt.Errorf("display: reopen the program's stdin: %w", err)
		p.log.Warn("the program's stdin stays closed: its reads end at once", "err", err)
		return err
	}
	p.stdinW = w
	return nil
}
