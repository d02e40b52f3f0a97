namespace EventFramework.Samples.Bank.Accounts;

// The account's domain events: private to the bank, free to change with upcasters.
// Amounts are decimal with at most two places; a transfer id ties an entry to its MoneyTransfer saga.

[EventType("bank.account-opened")]
public sealed record AccountOpened(string AccountId, string Owner, string Currency, decimal OverdraftLimit);

[EventType("bank.money-deposited")]
public sealed record MoneyDeposited(string AccountId, decimal Amount, string Currency, string? TransferId = null);

[EventType("bank.money-withdrawn")]
public sealed record MoneyWithdrawn(string AccountId, decimal Amount, string Currency, string? TransferId = null);

/// <summary>A transfer's debit given back (the credit failed or timed out).</summary>
[EventType("bank.transfer-refunded")]
public sealed record TransferRefunded(string AccountId, decimal Amount, string Currency, string TransferId);

/// <summary>A transfer's credit that timed out, refused from now on: the saga refunds the source instead.</summary>
[EventType("bank.transfer-credit-cancelled")]
public sealed record TransferCreditCancelled(string AccountId, string TransferId);

[EventType("bank.account-closed")]
public sealed record AccountClosed(string AccountId);
