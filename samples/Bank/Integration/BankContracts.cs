using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Integration;

/// <summary>
/// The public contract on the topic <see cref="BankContracts.Topic"/>: one per money movement,
/// versioned by its type name and kept apart from the domain events it is made from.
/// </summary>
[EventType("bank.transaction-recorded.v1")]
public sealed record TransactionRecorded(string AccountId, string Kind, decimal Amount, string Currency, string? TransferId);

public static class BankContracts
{
    public const string Topic = "bank.transactions";

    /// <summary>Which account events leave the bank, and as what.</summary>
    public static IntegrationMap Map() => new IntegrationMap()
        .Map<MoneyDeposited>(Topic, (e, _) => new TransactionRecorded(e.AccountId, "deposit", e.Amount, e.Currency, e.TransferId))
        .Map<MoneyWithdrawn>(Topic, (e, _) => new TransactionRecorded(e.AccountId, "withdrawal", e.Amount, e.Currency, e.TransferId))
        .Map<TransferRefunded>(Topic, (e, _) => new TransactionRecorded(e.AccountId, "refund", e.Amount, e.Currency, e.TransferId));
}
