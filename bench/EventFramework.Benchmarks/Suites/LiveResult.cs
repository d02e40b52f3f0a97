namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// One live run at a target rate: what was appended (events, writers, the rate actually reached)
/// and the latencies in milliseconds (p50, p99, max), append start → committed read model, split
/// into its legs (p50, p99): the append call itself; append start → the runner starting the
/// batch's commit (wake-up, ReadAll, batch delay); that commit (handlers + COMMIT); commit → the
/// observer's poll seeing it.
/// </summary>
internal sealed record LiveResult(
    int TargetRate, int Writers, long Events, double AchievedRate,
    double P50, double P99, double Max,
    (double P50, double P99) Append, (double P50, double P99) PickUp, (double P50, double P99) Batch, (double P50, double P99) Observe);
