using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using EventFramework.Diagnostics;

namespace EventFramework;

/// <summary>
/// Projection instruments on the framework's meter: events applied and parked (counters), and
/// per running projection partition its checkpoint sequence, lag in seconds and state.
/// </summary>
public static class ProjectionMetrics
{
    /// <summary>Events applied, tagged by projection.</summary>
    public static readonly Counter<long> Applied = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.projection.applied", "{event}", "Events applied by projections");

    /// <summary>Events parked, tagged by projection.</summary>
    public static readonly Counter<long> Parked = EventFrameworkMetrics.Meter.CreateCounter<long>("eventframework.projection.parked", "{event}", "Events parked by projections");

    private static readonly ConditionalWeakTable<object, Func<ProjectionStatus>> Runners = [];

    static ProjectionMetrics()
    {
        EventFrameworkMetrics.Meter.CreateObservableGauge("eventframework.projection.lag", () => Observe(LagSeconds), "s",
            "Age of the last event a projection committed while it is catching up (0 when live)");
        EventFrameworkMetrics.Meter.CreateObservableGauge("eventframework.projection.position", () => Observe(s => s.Checkpoint?.Sequence ?? 0), "{sequence}",
            "The global sequence of a projection's checkpoint");
    }

    internal static void Track<TContext>(ProjectionRunner<TContext> runner) => Runners.AddOrUpdate(runner, () => runner.Status);

    /// <summary>Lag in seconds: zero when live, else the age of the last committed event.</summary>
    public static double LagSeconds(ProjectionStatus status) =>
        status.State == ProjectionState.Live || status.LastEventCreated is null ? 0 : (DateTimeOffset.UtcNow - status.LastEventCreated.Value).TotalSeconds;

    private static IEnumerable<Measurement<double>> Observe(Func<ProjectionStatus, double> value)
    {
        foreach (var (_, status) in Runners)
        {
            var s = status();
            yield return new Measurement<double>(value(s), new("projection", s.Name), new("partition", s.Partition), new("state", s.State.ToString()));
        }
    }
}
