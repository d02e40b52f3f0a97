namespace EventFramework;

/// <summary>A projection partition's checkpoint as a Marten document, saved in the same session as the read model's documents.</summary>
public sealed class MartenCheckpoint
{
    /// <summary>The checkpoint key: the projection key, or "key/i-of-n" for a partition.</summary>
    public string Id { get; set; } = "";

    /// <summary>The projection this checkpoint belongs to (the key without the partition), for resets.</summary>
    public string Projection { get; set; } = "";

    /// <summary>The position as <see cref="LogPosition.ToString"/> writes it.</summary>
    public string Position { get; set; } = "";
}
