namespace EventFramework;

/// <summary>Where a projection runner is in its life.</summary>
public enum ProjectionState
{
    Starting,

    /// <summary>Waiting for another instance's lease to expire.</summary>
    Standby,
    CatchingUp,
    Live,
    Stopped,
    Faulted,
}
