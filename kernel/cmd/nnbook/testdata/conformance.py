#!/usr/bin/python3
"""Runs jupyter_kernel_test, the official Jupyter kernel conformance suite,
against the nnbook kernel and writes one JSON row per test and subtest.

Usage: /usr/bin/python3 conformance.py --kernel NAME --out RESULTS.json
           --pidfile FILE --log FILE [--reply-timeout S]

The suite's tests run unmodified, with Go samples. The runner only
  * starts the kernel as KernelTests does, with the kernel's log in --log and
    its pid in --pidfile, so the Go test can kill whatever is left behind;
  * runs one warm-up cell before the tests: on a cold build cache the first
    cell of a session may build for longer than the suite's fixed 15 s
    execute timeout;
  * bounds the shell replies the suite waits for without a timeout
    (complete, is_complete), so a missing reply fails instead of hanging.

Each row is {"test", "subtest", "status", "summary", "detail"}: status is
PASS, FAIL, ERROR or SKIP; summary the exception (or the reason for a skip)
on one line; detail the traceback. conformance_test.go turns the rows into Go subtests.
"""
import argparse
import json
import sys
import traceback
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel

REPLY_TIMEOUT = 15.0
WARMUP_TIMEOUT = 300.0
DETAIL_LIMIT = 4000


class NNBookTests(jupyter_kernel_test.KernelTests):
    """The suite with Go samples for the nnbook kernel."""

    kernel_name = "nnbook"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\n\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\n\nfmt.Fprintln(os.Stderr, "oops")'
    code_generate_error = 'panic("boom")'

    completion_samples = [{"text": "fmt.Printl", "matches": {"Println"}}]
    complete_code_samples = ['fmt.Println("hi")', "x := 1", "func f() {}"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {"]
    invalid_code_samples = ["x := )", 'fmt.Println("a"))']

    code_inspect_sample = "fmt.Println"

    # test_history executes the code_execute_result samples and reads them
    # back; the pattern must match one of them.
    code_execute_result = [{"code": "3 + 4", "result": "7"}]
    code_history_pattern = "*3 + 4*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [{
        "code": 'import "github.com/janpfeifer/gonb/gonbui"\n\ngonbui.DisplayHTML("<b>bold</b>")',
        "mime": "text/html",
    }]
    code_page_something = "%help"
    code_clear_output = 'import "github.com/nnbook/nnbook/kernel/display/show"\n\nshow.ClearOutput(false)'

    pidfile = None
    logfile = None
    warmup = []

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, startup_timeout=60,
                                          stdout=cls.logfile, stderr=cls.logfile)
        with open(cls.pidfile, "w") as f:
            f.write(str(cls.km.provisioner.process.pid))
        reply = cls.kc.execute_interactive('import "fmt"\n\nfmt.Println("warm")',
                                           timeout=WARMUP_TIMEOUT, output_hook=lambda msg: None)
        cls.warmup.append(reply["content"]["status"])

    def get_non_kernel_info_reply(self, timeout=None):
        return super().get_non_kernel_info_reply(timeout=REPLY_TIMEOUT if timeout is None else timeout)


class Rows(unittest.TestResult):
    """Collects one row per test and subtest."""

    def __init__(self):
        super().__init__()
        self.rows = []

    def _row(self, test, status, err=None, reason=""):
        if isinstance(test, unittest.case._SubTest):
            name = test.test_case._testMethodName
            sub = test._subDescription().strip("()")
        elif isinstance(test, unittest.TestCase):
            name, sub = test._testMethodName, ""
        else:  # an error in setUpClass or tearDownClass
            name, sub = str(test).split(" ")[0], ""
        row = {"test": name, "subtest": sub, "status": status, "summary": reason, "detail": ""}
        if err is not None:
            exc = "".join(traceback.format_exception_only(err[0], err[1]))
            row["summary"] = " ".join(line.strip() for line in exc.splitlines() if line.strip())
            row["detail"] = "".join(traceback.format_exception(*err))[-DETAIL_LIMIT:]
        self.rows.append(row)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._row(test, "PASS")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._row(test, "FAIL", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._row(test, "ERROR", err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._row(test, "SKIP", reason=reason)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is None:
            self._row(subtest, "PASS")
        elif issubclass(err[0], test.failureException):
            self._row(subtest, "FAIL", err)
        else:
            self._row(subtest, "ERROR", err)


def main():
    global REPLY_TIMEOUT
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="nnbook")
    ap.add_argument("--out", required=True)
    ap.add_argument("--pidfile", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--reply-timeout", type=float, default=REPLY_TIMEOUT)
    args = ap.parse_args()
    REPLY_TIMEOUT = args.reply_timeout

    result = Rows()
    with open(args.log, "ab") as log:
        NNBookTests.kernel_name = args.kernel
        NNBookTests.pidfile = args.pidfile
        NNBookTests.logfile = log
        suite = unittest.TestLoader().loadTestsFromTestCase(NNBookTests)
        try:
            suite.run(result)
        finally:
            report = {"jupyter_kernel_test": jupyter_kernel_test.__version__,
                      "warmup": NNBookTests.warmup, "rows": result.rows}
            with open(args.out, "w") as f:
                json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
