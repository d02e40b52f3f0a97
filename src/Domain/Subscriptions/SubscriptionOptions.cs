namespace EventFramework;

/// <summary>How a catch-up subscription pages and waits.</summary>
public sealed record SubscriptionOptions
{
    /// <summary>Events read per page while catching up.</summary>
    public int PageSize { get; init; } = 512;

    /// <summary>
    /// The longest wait at the head of the log before reading again without a wake-up
    /// (wake-ups are hints; this poll is what correctness rests on).
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The poll interval while committed events are held back by an older open transaction.</summary>
    public TimeSpan HeldBackPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A name shown in the status and metrics.</summary>
    public string Name { get; init; } = "subscription";
}
