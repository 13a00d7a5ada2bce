// Package deps holds the test that keeps the project's import rules: nnkit
// never imports the kernel or gpu, gpu never imports nnkit, and the kernel
// never imports nnkit.
package deps
