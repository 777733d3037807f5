#
# The bucket bounds of the paper's is_prime.py, in its style.
#
class Handle(object):
    pass

def buckets(nBuckets = 10,
            ):
    assert(nBuckets >= 1);
    bounds = [];
    nMin = 2;
    for ct in range(0, nBuckets):
        hdl = Handle();
        hdl.nMin = nMin; nMin += ((502347) / nBuckets);
        if (ct == (nBuckets - 1)):
            hdl.nMax = 502347;
        else:
            hdl.nMax = nMin;
        bounds.append((hdl.nMin, hdl.nMax));
    return (bounds,
            None,
            )[0];

for b in buckets(4): print b      # 502347 / 4 floors to 125586

try:
    raise SPMTaskDropped("hdl-0")
except (SPMTaskDropped,
        SPMTaskLoad,
        SPMTaskEval,
        ), (hdl,):
    print "dropped:", hdl;
