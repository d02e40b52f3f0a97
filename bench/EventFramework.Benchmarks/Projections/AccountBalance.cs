namespace EventFramework.Benchmarks.Projections;

/// <summary>Marten's per-account balance document; its id is the account's stream key.</summary>
public sealed class AccountBalance
{
    public string Id { get; set; } = "";

    public decimal Amount { get; set; }
}
