"""The typedef of the spm-python sides of the benchmarks (tasks_spm, dag_spm, fine_spm,
first_task_spm): the `spm` part a pinterp closure needs, and each bench's own fields after it.
Imported at the hub and, through each task's module, on the spokes (the bench folder is the
tasks' spm.meta.path)."""

#: What a pinterp closure needs (spm.meta.path, modulePreload, module) and what it fills (stat.*).
PINTERP_SPM = r"""
  spm::struct {
    meta::struct {
      label::scalar<stringSnippet> = '***';
      path::tuple<string> = deferred;
      modulePreload::tuple<string> = deferred;
      module::scalar<stringSnippet> = deferred;
      timeout::scalar<timeout> = None;
    };
    stat::struct { exception::scalar<auto> = None; returnValue::scalar<auto> = None; };
  };"""


def task(kind, *fields):
    """The typedef of a `task<kind>` ('list', 'template', 'dag') with the bench's own `fields`,
    each "name::type = default;"."""
    own = "".join("\n  " + field for field in fields)
    return "\ntask<%s>::struct {%s%s\n};\n" % (kind, PINTERP_SPM, own)
