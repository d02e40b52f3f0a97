namespace EventFramework.Samples.Bank.Accounts;

public sealed record OpenAccount(string AccountId, string Owner, string Currency, decimal OverdraftLimit = 0);

public sealed record Deposit(string AccountId, decimal Amount, string Currency);

public sealed record Withdraw(string AccountId, decimal Amount, string Currency);

public sealed record CloseAccount(string AccountId);

/// <summary>A command the MoneyTransfer saga sends to one account.</summary>
public interface ITransferStep
{
    string AccountId { get; }
    string TransferId { get; }
    decimal Amount { get; }
    string Currency { get; }
}

/// <summary>The MoneyTransfer saga's first step: take the amount from the source account.</summary>
public sealed record DebitForTransfer(string AccountId, string TransferId, decimal Amount, string Currency) : ITransferStep;

/// <summary>The saga's second step: put the amount on the destination account.</summary>
public sealed record CreditForTransfer(string AccountId, string TransferId, decimal Amount, string Currency) : ITransferStep;

/// <summary>The saga's compensation: give a debit back to the source account.</summary>
public sealed record RefundTransfer(string AccountId, string TransferId, decimal Amount, string Currency) : ITransferStep;

/// <summary>The saga gives up waiting for a credit: refuse it from now on, unless it already happened.</summary>
public sealed record CancelTransferCredit(string AccountId, string TransferId);
