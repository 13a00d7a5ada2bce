package program_test

import (
	"context"
	"fmt"
	"os"

	"github.com/nnbook/nnbook/kernel/contract"
	"github.com/nnbook/nnbook/kernel/program"
)

// A declaration cell, a cell that uses it (fmt is imported automatically),
// and a cell that fails to compile, with the error in cell terms.
func ExampleSession_Execute() {
	// stdout copies the program's output to os.Stdout.
	stdout := &contract.SinkFuncs{OnStream: func(_ string, p []byte) { os.Stdout.Write(p) }}
	s, err := program.NewSession(program.Config{ProjectDir: "../.."})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()
	s.Execute(ctx, contract.Request{Code: "func square(x float64) float64 { return x * x }", ExecutionCount: 1}, stdout)
	s.Execute(ctx, contract.Request{Code: "y := square(3)\nfmt.Println(\"y =\", y)", ExecutionCount: 2}, stdout)
	res := s.Execute(ctx, contract.Request{Code: "z := square(\"3\")", ExecutionCount: 3}, stdout)
	fmt.Println(res.Err.Name)
	fmt.Println(ansi.ReplaceAllString(res.Err.Traceback[0], ""))
	// Output:
	// y = 9
	// CompileError
	// cell[3]:1:13: cannot use "3" (untyped string constant) as float64 value in argument to square
}
