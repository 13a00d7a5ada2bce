// Command worker holds the live state of one notebook session. The
// kernel builds it once per session, in the session module, and sends it
// one request per cell: the path of the cell's plugin. The worker loads the
// plugin, calls its Run function, and replies with the rendered value of
// the cell's trailing expression or the panic that stopped it.
//
// Requests arrive as JSON lines on file descriptor 3 and replies leave on
// file descriptor 4; package protocol defines both, for both ends. The cell's own output goes to the worker's stdout and
// stderr; after each request the worker writes the marker of
// $NNBOOK_SYNC to both, so that the kernel knows it has seen all of the
// cell's output before it publishes the reply.
//
// SIGINT does not stop the worker: it reaches the channels that the
// cell's code registered with signal.Notify, so a training loop can stop
// at its next step and keep what it learned.
//
// The worker uses the standard library only: every package it links is
// shared with the cell plugins, and must be built identically.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/signal"
	"plugin"
	"reflect"

	"github.com/nnbook/nnbook/kernel/live/worker/protocol"
)

// vars points to the live variable of each name: the latest cell's that
// defined it.
var vars = map[string]any{}

func main() {
	requests, replies := protocolFiles() // off descriptors 3 and 4 (stdio.go)
	marker := os.Getenv("NNBOOK_SYNC")

	interrupts := make(chan os.Signal, 1)
	signal.Notify(interrupts, os.Interrupt)
	go func() {
		for range interrupts {
		}
	}()

	dec := json.NewDecoder(requests)
	enc := json.NewEncoder(replies)
	for {
		var req protocol.Request
		if err := dec.Decode(&req); err != nil {
			return // the kernel closed the session
		}
		var rep protocol.Reply
		switch {
		case req.Sizes != nil:
			for _, name := range req.Sizes {
				rep.Sizes = append(rep.Sizes, size(vars[name]))
			}
		case req.Summarize != "":
			rep.Summary = summarize(vars[req.Summarize])
		default:
			rep = run(req)
		}
		restoreStdio() // a cell may have closed them (stdio.go)
		os.Stdout.WriteString(marker)
		os.Stderr.WriteString(marker)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(os.Stderr, "nnbook worker:", err)
			return
		}
	}
}

// run loads the plugin of req and runs its cell, recovering a panic (in
// the cell, or in an init function of its package).
func run(req protocol.Request) (rep protocol.Reply) {
	os.Args = append(os.Args[:1:1], req.Args...)
	var cellVars *map[string]any
	defer func() {
		if r := recover(); r != nil {
			rep = protocol.Reply{Panic: panicText(r), Stack: panicStack(r)} // goexit.go
		}
		if cellVars == nil {
			return
		}
		// The cell's variables replace the older ones of their names,
		// whose values are let go (the cell has used them).
		for name, p := range *cellVars {
			if old, ok := vars[name]; ok && old != p {
				reflect.ValueOf(old).Elem().SetZero()
			}
			vars[name] = p
		}
	}()
	p, err := plugin.Open(req.Plugin)
	if err != nil {
		return protocol.Reply{LoadError: err.Error()}
	}
	sym, err := p.Lookup("Run")
	if err != nil {
		return protocol.Reply{LoadError: err.Error()}
	}
	cell, ok := sym.(func() []any)
	if !ok {
		return protocol.Reply{LoadError: fmt.Sprintf("Run has type %T, want func() []any", sym)}
	}
	sym, err = p.Lookup("Vars")
	if err != nil {
		return protocol.Reply{LoadError: err.Error()}
	}
	if cellVars, ok = sym.(*map[string]any); !ok {
		return protocol.Reply{LoadError: fmt.Sprintf("Vars has type %T, want *map[string]any", sym)}
	}
	if vals := callCell(cell); len(vals) > 0 { // goexit.go
		rep.Value = render(vals[0])
	}
	return rep
}

// size describes the size of the variable p points to: the length of a
// string, slice, array, map or channel, the dimensions of a matrix, or ""
// for other values.
func size(p any) string {
	if p == nil {
		return ""
	}
	v := reflect.ValueOf(p).Elem()
	if m, ok := v.Interface().(matrix); ok && !isNil(m) {
		r, c := m.Dims()
		return fmt.Sprintf("%d×%d", r, c)
	}
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return fmt.Sprintf("len %d", v.Len())
	}
	return ""
}

// summarize describes the variable p points to for inspection; nil when
// there is no such variable.
func summarize(p any) *protocol.Summary {
	if p == nil {
		return nil
	}
	v := reflect.ValueOf(p).Elem()
	text := []rune(plainOf(v))
	if len(text) > protocol.SummaryMax {
		text = append(text[:protocol.SummaryMax-1], '…')
	}
	return &protocol.Summary{Size: size(p), Value: string(text)}
}

// plainOf formats v with %v, as a cell's value shows; a panic in a String
// method is reported instead.
func plainOf(v reflect.Value) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("(%%v panicked: %v)", r)
		}
	}()
	if !v.CanInterface() {
		return ""
	}
	x := v.Interface()
	if m, ok := x.(matrix); ok && !isNil(m) {
		text, _ := matrixText(m)
		return text
	}
	return plain(x)
}

// panicText formats a panic value as the runtime does.
func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case string:
		return v
	}
	return fmt.Sprintf("%v", r)
}
