"""The typedefs of the test scripts (taskmanager/faults.py, pkg/fig2.py): the tests copy this
file beside them. One `spm` part per evaluator, with every optional field the scripts read, and
the script's own fields after it."""

#: What a pinterp closure needs (spm.meta.path, modulePreload, module), and the fields the
#: engine fills or the scripts set (core.*, stat.*).
PINTERP_SPM = r"""
  spm::struct {
    meta::struct {
      label::scalar<stringSnippet> = '***';
      path::tuple<string> = deferred;
      modulePreload::tuple<string> = deferred;
      module::scalar<stringSnippet> = deferred;
      timeout::scalar<timeout> = None;
    };
    core::struct {
      relaunchPre::scalar<bool> = None;
      relaunchPost::scalar<bool> = None;
      nameHost::scalar<auto> = None;
      whoAmI::scalar<auto> = None;
    };
    stat::struct {
      exception::scalar<auto> = None;
      returnValue::scalar<auto> = None;
    };
  };"""

#: What a papply closure needs (spm.meta.api, apiArgs); a co-process's result is a record.
PAPPLY_SPM = r"""
  spm::struct {
    meta::struct {
      label::scalar<stringSnippet> = '***';
      api::scalar<ApiMethod> = deferred;
      apiArgs::dict<string,mixed> = deferred;
      timeout::scalar<timeout> = deferred;
    };
    stat::struct {
      exception::scalar<auto> = None;
      returnValue::scalar<record> = None;
    };
  };"""


def task(kind, spm_part, *fields):
    """The typedef of a `task<kind>` ('list', 'template', 'dag') with `spm_part` and the
    script's own `fields`, each "name::type = default;"."""
    own = "".join("\n  " + field for field in fields)
    return "\ntask<%s>::struct {%s%s\n};\n" % (kind, spm_part, own)
