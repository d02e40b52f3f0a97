namespace EventFramework;

/// <summary>What a projection does with an event that still fails after its retries.</summary>
public enum PoisonPolicy
{
    /// <summary>Stop the projection with the error; nothing after the event is applied.</summary>
    Stop,

    /// <summary>
    /// Park the event, and every later event of its stream behind it (the stream's order is kept);
    /// other streams go on. Replay the parked events after a fix.
    /// </summary>
    ParkStream,
}
