package interrupt

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// runCell runs cell on a goroutine of its own between Begin and End, as
// the worker does, and returns the interrupt it raised, if any.
// interruptAfter > 0 interrupts it then.
func runCell(t *testing.T, interruptAfter time.Duration, cell func()) (raised *Error) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		Begin()
		defer End()
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*Error)
				if !ok {
					panic(r)
				}
				raised = e
			}
		}()
		if interruptAfter > 0 {
			time.AfterFunc(interruptAfter, Interrupt)
		}
		cell()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the cell did not stop")
	}
	return raised
}

func TestCheckStopsLoop(t *testing.T) {
	var n int
	e := runCell(t, 20*time.Millisecond, func() {
		for {
			Check()
			n++
		}
	})
	if e == nil || n == 0 {
		t.Fatalf("raised %v after %d iterations, want an interrupt after some", e, n)
	}
	if !strings.HasPrefix(e.Error(), "interrupted at ") || !strings.HasSuffix(e.File, "interrupt_test.go") {
		t.Errorf("interrupt at %s:%d (%q), want this file", e.File, e.Line, e.Error())
	}
	if !errors.Is(e, ErrInterrupted) {
		t.Error("errors.Is(e, ErrInterrupted) = false")
	}
}

func TestBlockingOperationsWake(t *testing.T) {
	ops := map[string]func(){
		"sleep": func() { Sleep(time.Hour) },
		"recv":  func() { Recv(make(chan int)) },
		"recv2": func() { Recv2(make(<-chan string)) },
		"send":  func() { Send(make(chan int), 1) },
		"range": func() {
			for range Chan(make(chan int)) {
			}
		},
		"range between values": func() {
			c := make(chan int)
			go func() {
				c <- 1 // one value, then the channel stays open and silent
			}()
			for range Chan(c) {
			}
		},
		"select": func() {
			for {
				select {
				case <-Done():
					Raise()
				case <-make(chan int):
				}
			}
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			if e := runCell(t, 20*time.Millisecond, op); e == nil {
				t.Fatal("no interrupt raised")
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestOperationsWithoutInterrupt checks that the instrumented operations do
// what the plain ones do.
func TestOperationsWithoutInterrupt(t *testing.T) {
	runCell(t, 0, func() {
		c := make(chan int, 1)
		Send(c, 7)
		if v := Recv(c); v != 7 {
			t.Errorf("Recv = %d, want 7", v)
		}
		close(c)
		if v, ok := Recv2(c); v != 0 || ok {
			t.Errorf("Recv2 of a closed channel = %d, %v", v, ok)
		}
		c = make(chan int, 3)
		c <- 1
		c <- 2
		c <- 3
		close(c)
		var got []int
		for v := range Chan(c) {
			if v == 3 {
				break
			}
			got = append(got, v)
		}
		if len(got) != 2 || got[0] != 1 || got[1] != 2 {
			t.Errorf("range over Chan gave %v, want [1 2] before the break", got)
		}
		start := time.Now()
		Sleep(10 * time.Millisecond)
		if d := time.Since(start); d < 10*time.Millisecond {
			t.Errorf("Sleep(10ms) returned after %v", d)
		}
		Check()
	})
}

// TestOtherGoroutinesKeepRunning interrupts a cell whose goroutine waits
// for another goroutine that loops and sleeps: only the cell stops.
func TestOtherGoroutinesKeepRunning(t *testing.T) {
	var ticks atomic.Int64
	stop := make(chan struct{})
	defer close(stop)
	e := runCell(t, 20*time.Millisecond, func() {
		go func() {
			for {
				Check()
				select {
				case <-stop:
					return
				case <-Done():
					Raise()
				default:
				}
				Sleep(time.Millisecond)
				ticks.Add(1)
			}
		}()
		Recv(make(chan int))
	})
	if e == nil {
		t.Fatal("the cell's goroutine was not interrupted")
	}
	before := ticks.Load()
	time.Sleep(50 * time.Millisecond)
	if ticks.Load() == before {
		t.Error("the cell's goroutine stopped the other goroutine too")
	}
}

// TestRecoveredInterrupt checks that a cell that recovers an interrupt
// runs on, as Python code that catches KeyboardInterrupt does, and that
// the next interrupt stops it again; deferred calls run each time.
func TestRecoveredInterrupt(t *testing.T) {
	var deferred int
	e := runCell(t, 20*time.Millisecond, func() {
		func() {
			defer func() { recover(); deferred++ }()
			for {
				Check()
			}
		}()
		time.AfterFunc(20*time.Millisecond, Interrupt)
		defer func() { deferred++ }()
		for {
			Check()
		}
	})
	if e == nil || deferred != 2 {
		t.Errorf("raised %v, %d deferred calls ran; want an interrupt and 2", e, deferred)
	}
}

func TestContext(t *testing.T) {
	if Context() != context.Background() {
		t.Error("between cells: want context.Background()")
	}
	var ctx context.Context
	runCell(t, 20*time.Millisecond, func() {
		ctx = Context()
		<-ctx.Done()
	})
	if !errors.Is(context.Cause(ctx), ErrInterrupted) {
		t.Errorf("cause %v, want ErrInterrupted", context.Cause(ctx))
	}
	runCell(t, 0, func() { ctx = Context() })
	if ctx.Err() == nil || errors.Is(context.Cause(ctx), ErrInterrupted) {
		t.Errorf("after the cell returned: err %v, cause %v; want cancelled, not interrupted", ctx.Err(), context.Cause(ctx))
	}
}
