namespace EventFramework.Samples.Bank.LoadGen;

public sealed record LoadGenOptions
{
    public int Accounts { get; init; } = 50;
    public int Concurrency { get; init; } = 8;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Seed { get; init; } = 42;
}
