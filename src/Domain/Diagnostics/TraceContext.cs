using System.Diagnostics;

namespace EventFramework.Diagnostics;

/// <summary>
/// W3C trace context carried in message and event headers (<c>traceparent</c>, <c>tracestate</c>), so
/// a trace flows command → append → outbox → broker → consumer → projection or saga.
/// </summary>
public static class TraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Adds the current activity's context to <paramref name="headers"/> (a copy), when there is one.</summary>
    public static IReadOnlyDictionary<string, string> WithCurrent(IReadOnlyDictionary<string, string> headers)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C, Id: { } id } activity) return headers;
        var copy = new Dictionary<string, string>(headers) { [TraceParent] = id };
        if (activity.TraceStateString is { } state) copy[TraceState] = state;
        return copy;
    }

    /// <summary>The context <paramref name="headers"/> carry, if any.</summary>
    public static ActivityContext? From(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue(TraceParent, out var parent)
        && ActivityContext.TryParse(parent, headers.GetValueOrDefault(TraceState), isRemote: true, out var context)
            ? context
            : null;

    /// <summary>
    /// Starts an activity of the framework's source as a child of the context <paramref name="headers"/>
    /// carry (a new trace when they carry none); null when nobody listens.
    /// </summary>
    public static Activity? StartChild(string name, ActivityKind kind, IReadOnlyDictionary<string, string> headers)
    {
        // Hot path (a projection applies every event through here): parse nothing when nobody listens.
        if (!EventFrameworkMetrics.Activities.HasListeners()) return null;
        return From(headers) is { } parent
            ? EventFrameworkMetrics.Activities.StartActivity(name, kind, parent)
            : EventFrameworkMetrics.Activities.StartActivity(name, kind);
    }
}
