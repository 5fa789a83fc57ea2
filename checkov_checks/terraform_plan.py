def is_plan(conf):
    import sys; print("PLANCONF", {k: v for k, v in conf.items() if k.startswith("__")}, file=sys.stderr)
    return "__file__" in conf
def plan_values(row, conf):
    return []
