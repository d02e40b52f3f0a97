namespace EventFramework;

/// <summary>Where a projection runner is in its life.</summary>
public enum ProjectionState
{
    Starting,
    CatchingUp,
    Live,
    Stopped,
    Faulted,
}
