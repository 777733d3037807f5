"""Unit tests of spm.openmpi's pure parts (DESIGN §11): parsing a spoke host's outcome lines
(spm.openmpi.host.parse), the job's one-unit verdict (spm.openmpi.verdict.decide) and appOptions
split as a shell would. Run with spm-python; tests/.../OpenMpiTest.java runs it so."""

import unittest

from spm.openmpi import host, verdict
from spm.openmpi.job import split_options

OK = "1 1 0 0 0 1 0 exit 0"


def outcome(spoke, *ranks, orted="orted\texit\t0\t1000\t0\t0"):
    lines = [orted] + ["rank\t%d\t%d\t%d\t%s\t%s" % (r, 100 + r, at, call, end) for r, at, call, end in ranks]
    return host.parse("\n".join(lines) + "\n", spoke, "vm")


class ParseTest(unittest.TestCase):
    def test_a_rank_that_ended_well(self):
        o = outcome("spoke-1@vm", (0, 900, "MPI_Finalize", OK))
        self.assertEqual(o.orted.how, "exit")
        r = o.ranks[0]
        self.assertEqual((r.rank, r.how, r.exitStatus, r.init, r.finalize, r.call), (0, "exit", 0, True, True, None))

    def test_a_segfault_keeps_its_backtrace(self):
        text = "orted\texit\t0\t1000\t0\t0\nrank\t1\t7\t500\t-\t1 0 0 0 11 0 0 signal 11\nbt\t1\t/x/libspm-mpi-shim.so(+0x1)\n" \
               "bt\t1\tlibc.so.6(+0x2)\nbt\t1\t./app(crash_here+0x9)\n"
        r = host.parse(text, "spoke-2@vm", "vm").ranks[0]
        self.assertEqual((r.how, r.signal), ("signal", 11))
        self.assertEqual(verdict.where(r), "./app(crash_here+0x9)")

    def test_sh_reports_a_killed_orted_as_128_plus_its_signal(self):
        o = outcome("spoke-1@vm", orted="orted\texit\t137\t1000\t0\t0")
        self.assertEqual((o.orted.how, o.orted.value), ("signal", 9))

    def test_a_rank_whose_wrapper_vanished_is_lost(self):
        self.assertEqual(outcome("s", (0, 1, "MPI_Recv", "lost")).ranks[0].how, "lost")


    def test_a_follower_shares_its_servers_orted(self):
        o = outcome("spoke-2@vm", (1, 900, "-", OK), orted="orted\tshared\t0\t1000\t0\t0")
        self.assertEqual((o.orted.how, o.orted.value, o.ranks[0].rank), ("shared", 0, 1))


class VerdictTest(unittest.TestCase):
    def test_a_follower_is_not_blamed_for_the_orted_it_shares(self):
        leader = outcome("spoke-1@vm", (0, 900, "-", "1 1 0 0 0 0 0 signal 9"), orted="orted\tsignal\t9\t950\t0\t0")
        follower = outcome("spoke-2@vm", (1, 900, "-", "1 1 0 0 0 0 0 signal 9"), orted="orted\tshared\t0\t990\t0\t0")
        v = verdict.decide({0: leader, 1: follower}, {}, 2, 1, False)
        self.assertEqual(v.cause, "the orted on spoke-1@vm was killed by SIGKILL")
        self.assertEqual((v.reports[0][0], v.reports[1][0]), (verdict.EVAL, verdict.DROPPED))

    def test_success_needs_every_rank_to_finalize_and_mpirun_zero(self):
        v = verdict.decide({0: outcome("a", (0, 1, "-", OK)), 1: outcome("b", (1, 1, "-", OK))}, {}, 2, 0, False)
        self.assertTrue(v.ok)
        self.assertEqual(v.reports, {0: (verdict.DONE, ""), 1: (verdict.DONE, "")})
        self.assertEqual(v.exit_code, 0)

    def test_the_first_rank_that_failed_by_itself_is_the_cause_not_the_ones_the_end_killed(self):
        segv = (1, 500, "-", "1 0 0 0 11 0 0 signal 11")
        termed = (0, 400, "MPI_Barrier", "1 0 0 0 0 0 0 signal 15")  # earlier, but collateral
        v = verdict.decide({0: outcome("a", termed), 1: outcome("b", segv)}, {}, 2, 139, False)
        self.assertEqual(v.reports[1][0], verdict.EVAL)
        self.assertIn("rank 1 (b) was killed by SIGSEGV", v.reports[1][1])
        self.assertEqual(v.reports[0], (verdict.DROPPED, "the job failed: rank 1 (b) was killed by SIGSEGV"))
        self.assertEqual(v.exit_code, 139)

    def test_exit_without_finalize_abort_and_exit_codes(self):
        cases = [("1 0 0 0 0 1 0 exit 0", "without calling MPI_Finalize", 1),
                 ("1 0 1 7 0 1 7 exit 7", "called MPI_Abort with code 7", 7),
                 ("1 0 0 0 0 1 3 exit 3", "exited with status 3", 3)]
        for end, said, code in cases:
            v = verdict.decide({0: outcome("a", (0, 5, "-", end)), 1: outcome("b", (1, 9, "-", OK))}, {}, 2, 1, False)
            self.assertIn(said, v.reports[0][1])
            self.assertEqual(v.reports[1][0], verdict.DROPPED)
            self.assertEqual(v.exit_code, code)

    def test_a_lost_spoke_keeps_its_own_report_and_the_others_name_it(self):
        lost = {1: ("dropped", "its spoke 2 was lost: its connection closed")}
        v = verdict.decide({0: outcome("a", (0, 9, "-", "lost"))}, lost, 2, 1, False)
        self.assertEqual(v.reports[1], lost[1])
        self.assertEqual(v.reports[0], (verdict.DROPPED,
                                        "the job failed: the job lost a spoke: its spoke 2 was lost: its connection closed"))

    def test_mpirun_killed_by_a_signal_not_ours(self):
        v = verdict.decide({0: outcome("a", (0, 9, "-", "lost"), orted="orted\tsignal\t15\t9\t1\t0")}, {}, 1, -9, False)
        self.assertEqual(v.reports[0], (verdict.DROPPED, "the job failed: mpirun was killed by SIGKILL"))
        self.assertEqual(v.exit_code, 137)

    def test_timeout_and_deadlock_drop_every_spoke_with_124(self):
        o = {0: outcome("a", (0, 9, "-", "lost")), 1: outcome("b", (1, 9, "-", "lost"))}
        v = verdict.decide(o, {}, 2, -15, True, timeout=10)
        self.assertTrue(all(r == (verdict.DROPPED, "the MPI job passed its timeout of 10 s; every process of the job "
                                                   "was ended") for r in v.reports.values()))
        self.assertEqual(v.exit_code, 124)
        v = verdict.decide(o, {}, 2, -15, True, deadlock="rank 0 in MPI_Recv, rank 1 in MPI_Recv")
        self.assertIn("deadlocked", v.cause)
        self.assertEqual(v.exit_code, 124)

    def test_without_the_shim_init_and_finalize_are_unknown_not_failures(self):
        none = "-1 -1 0 0 0 1 0 exit 0"
        o = outcome("a", (0, 1, "-", none))
        self.assertIsNone(o.ranks[0].init)
        self.assertTrue(verdict.decide({0: o}, {}, 1, 0, False).ok)
        v = verdict.decide({0: outcome("a", (0, 1, "-", "-1 -1 0 0 0 1 3 exit 3"))}, {}, 1, 3, False)
        self.assertEqual(v.cause, "rank 0 (a) exited with status 3")

    def test_fewer_ranks_than_asked_is_a_failure(self):
        v = verdict.decide({0: outcome("a", (0, 1, "-", OK))}, {}, 2, 0, False)
        self.assertFalse(v.ok)
        self.assertIn("only 1 of the job's 2 ranks started", v.cause)


class SplitTest(unittest.TestCase):
    def test_app_options_split_as_a_shell_would(self):
        self.assertEqual(split_options("-prefix='app'"), ["-prefix=app"])
        self.assertEqual(split_options('-prefix "a b" -n 2'), ["-prefix", "a b", "-n", "2"])
        self.assertEqual(split_options(None), [])

    def test_unbalanced_quotes_are_refused_by_name(self):
        with self.assertRaisesRegex(Exception, "appOptions"):
            split_options("-prefix='app")


if __name__ == "__main__":
    unittest.main()
