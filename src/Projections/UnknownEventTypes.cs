namespace EventFramework;

/// <summary>What a projection does with a stored event whose type name no registered type (or upcaster) knows.</summary>
public enum UnknownEventTypes
{
    /// <summary>Treat it as a poison event (parked, or stop, per <see cref="PoisonPolicy"/>): a renamed type without an upcaster must not silently vanish from a rebuild.</summary>
    Park,

    /// <summary>Skip it: for a log shared with other services whose events this one never reads.</summary>
    Skip,
}
