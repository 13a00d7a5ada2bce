package interrupt

import (
	"iter"
	"time"
)

// Sleep pauses the calling goroutine for at least d, as time.Sleep does,
// and wakes the cell's goroutine when the cell is interrupted.
func Sleep(d time.Duration) {
	done := Done()
	if done == nil || d <= 0 {
		time.Sleep(d)
		return
	}
	end := time.Now().Add(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-done:
		take()
		time.Sleep(time.Until(end))
	}
}

// Recv receives from c, as <-c does, and wakes the cell's goroutine when
// the cell is interrupted.
func Recv[T any](c <-chan T) T {
	v, _ := Recv2(c)
	return v
}

// Recv2 receives from c, as v, ok := <-c does, and wakes the cell's
// goroutine when the cell is interrupted.
func Recv2[T any](c <-chan T) (T, bool) {
	done := Done()
	if done == nil {
		v, ok := <-c
		return v, ok
	}
	select {
	case v, ok := <-c:
		return v, ok
	case <-done:
		take()
		v, ok := <-c
		return v, ok
	}
}

// Send sends v on c, as c <- v does, and wakes the cell's goroutine when
// the cell is interrupted.
func Send[T any](c chan<- T, v T) {
	done := Done()
	if done == nil {
		c <- v
		return
	}
	select {
	case c <- v:
	case <-done:
		take()
		c <- v
	}
}

// Chan returns the values received from c until it is closed, as
// for v := range c receives them, and wakes the cell's goroutine when the
// cell is interrupted while it waits for the next one. The live executor
// writes for v := range c, where the type-check says that c is a channel,
// as for v := range interrupt.Chan(c).
func Chan[T any](c <-chan T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			v, ok := Recv2(c)
			if !ok || !yield(v) {
				return
			}
		}
	}
}
