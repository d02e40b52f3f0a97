namespace EventFramework;

/// <summary>Where one projection partition stands, as stored.</summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Version">The registered (code) version.</param>
/// <param name="Key">The partition's checkpoint key.</param>
/// <param name="Checkpoint">The last position committed, or null before the first batch.</param>
/// <param name="Behind">Events after its checkpoint (null when the store cannot count).</param>
/// <param name="Parked">Parked events of the projection version.</param>
/// <param name="ActiveVersion">The version readers are served (null when the sink has no versions or none was activated).</param>
/// <param name="HeldBackBy">The open transaction holding the store's ReadAll back from this partition (PostgreSQL), if any.</param>
public sealed record ProjectionReport(
    string Name,
    int Version,
    string Key,
    LogPosition? Checkpoint,
    long? Behind,
    int Parked,
    int? ActiveVersion,
    FenceHolder? HeldBackBy = null);
