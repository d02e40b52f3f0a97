namespace EventFramework.Samples.Bank.Transfers;

// The transfer's own stream ("transfer-{id}"): the request that starts the MoneyTransfer saga and
// the refusals of its steps (an account refusing a command writes nothing to its own stream).

[EventType("bank.transfer-requested")]
public sealed record TransferRequested(string TransferId, string From, string To, decimal Amount, string Currency);

[EventType("bank.transfer-debit-rejected")]
public sealed record TransferDebitRejected(string TransferId, string Reason);

[EventType("bank.transfer-credit-rejected")]
public sealed record TransferCreditRejected(string TransferId, string Reason);

/// <summary>The saga's timer: the credit did not happen in time.</summary>
[EventType("bank.transfer-credit-timed-out")]
public sealed record TransferCreditTimedOut(string TransferId);

public sealed record RequestTransfer(string TransferId, string From, string To, decimal Amount, string Currency);
