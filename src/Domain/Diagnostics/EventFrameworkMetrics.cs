using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventFramework.Diagnostics;

/// <summary>
/// The framework's meter and activity source (OpenTelemetry picks both up by the name
/// "EventFramework"). Instruments: append duration and events appended, and for each
/// subscription held back by an open transaction, how long and by which process.
/// </summary>
public static class EventFrameworkMetrics
{
    /// <summary>The meter and activity source name.</summary>
    public const string Name = "EventFramework";

    /// <summary>The framework's meter.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>The framework's activity source.</summary>
    public static readonly ActivitySource Activities = new(Name);

    /// <summary>Append latency, tagged by backend.</summary>
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("eventframework.append.duration", "ms", "Time to append one batch of events");

    /// <summary>Events appended, tagged by backend.</summary>
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("eventframework.events.appended", "{event}", "Events appended");

    private static readonly ConcurrentDictionary<EventSubscription, byte> Live = new();

    static EventFrameworkMetrics()
    {
        Meter.CreateObservableGauge("eventframework.subscription.held_back", ObserveHeldBack, "s",
            "How long a subscription has waited on an open transaction (tags: subscription, holder pid, holder state)");
    }

    internal static void Register(EventSubscription s) => Live.TryAdd(s, 0);

    internal static void Unregister(EventSubscription s) => Live.TryRemove(s, out _);

    private static IEnumerable<Measurement<double>> ObserveHeldBack()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var s in Live.Keys)
        {
            var status = s.Status;
            if (status.HeldBackBy is not { } holder) continue;
            yield return new Measurement<double>(holder.Age(now).TotalSeconds,
                new("subscription", status.Name), new("holder.pid", holder.ProcessId), new("holder.state", holder.State));
        }
    }
}
