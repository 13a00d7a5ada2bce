package notebook_test

import (
	"fmt"

	"github.com/nnbook/nnbook/kernel/notebook"
)

// Marshal writes what Jupyter writes: sorted keys, one-space indent,
// multi-line strings as lists of lines, and deterministic ids for cells
// without one.
func ExampleMarshal() {
	nb := &notebook.Notebook{Cells: []*notebook.Cell{{
		Type:           "code",
		ID:             "hello",
		Source:         "fmt.Println(\"hi\")\nfmt.Println(\"there\")",
		ExecutionCount: 1,
		Outputs:        []notebook.Output{{Type: "stream", Name: "stdout", Text: "hi\nthere\n"}},
	}}}
	data, err := notebook.Marshal(nb)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(data))
	// Output:
	// {
	//  "cells": [
	//   {
	//    "cell_type": "code",
	//    "execution_count": 1,
	//    "id": "hello",
	//    "metadata": {},
	//    "outputs": [
	//     {
	//      "name": "stdout",
	//      "output_type": "stream",
	//      "text": [
	//       "hi\n",
	//       "there\n"
	//      ]
	//     }
	//    ],
	//    "source": [
	//     "fmt.Println(\"hi\")\n",
	//     "fmt.Println(\"there\")"
	//    ]
	//   }
	//  ],
	//  "metadata": {},
	//  "nbformat": 4,
	//  "nbformat_minor": 5
	// }
}
