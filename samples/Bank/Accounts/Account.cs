using System.Collections.Immutable;

namespace EventFramework.Samples.Bank.Accounts;

/// <summary>What an account's events fold to: enough to decide the next command.</summary>
public sealed record AccountState : State<AccountState>
{
    public bool Opened { get; init; }
    public bool Closed { get; init; }
    public string Currency { get; init; } = "";
    public decimal Balance { get; init; }
    public decimal OverdraftLimit { get; init; }

    /// <summary>Transfers already debited, credited or refunded here: a saga's retried step is a no-op.</summary>
    public ImmutableHashSet<string> Transfers { get; init; } = [];

    public AccountState()
    {
        On<AccountOpened>((s, e) => s with { Opened = true, Currency = e.Currency, OverdraftLimit = e.OverdraftLimit });
        On<MoneyDeposited>((s, e) => s with { Balance = s.Balance + e.Amount, Transfers = Remember(s, e.TransferId, "credit") });
        On<MoneyWithdrawn>((s, e) => s with { Balance = s.Balance - e.Amount, Transfers = Remember(s, e.TransferId, "debit") });
        On<TransferRefunded>((s, e) => s with { Balance = s.Balance + e.Amount, Transfers = Remember(s, e.TransferId, "refund") });
        On<TransferCreditCancelled>((s, e) => s with { Transfers = Remember(s, e.TransferId, "cancel") });
        On<AccountClosed>((s, _) => s with { Closed = true });
    }

    public bool Did(string step, string transferId) => Transfers.Contains($"{step}:{transferId}");

    // Persistent set: adding does not copy the set, so folding a long stream stays linear-ish.
    private static ImmutableHashSet<string> Remember(AccountState s, string? transferId, string step) =>
        transferId is null ? s.Transfers : s.Transfers.Add($"{step}:{transferId}");
}

/// <summary>The account's rules, as pure decisions: state and command in, events out (or a refusal).</summary>
public static class Account
{
    public static StreamName Stream(string accountId) => new($"account-{accountId}");

    public static IEnumerable<object> Open(AccountState _, OpenAccount c) =>
        [new AccountOpened(c.AccountId, c.Owner, c.Currency, c.OverdraftLimit)];

    public static IEnumerable<object> Deposit(AccountState s, Deposit c)
    {
        EnsureUsable(s, c.Currency);
        return [new MoneyDeposited(c.AccountId, c.Amount, c.Currency)];
    }

    public static IEnumerable<object> Withdraw(AccountState s, Withdraw c)
    {
        EnsureUsable(s, c.Currency);
        EnsureCovers(s, c.Amount);
        return [new MoneyWithdrawn(c.AccountId, c.Amount, c.Currency)];
    }

    public static IEnumerable<object> Close(AccountState s, CloseAccount c)
    {
        if (s.Closed) throw new DomainException("the account is closed");
        if (s.Balance != 0) throw new DomainException($"the balance is {s.Balance} {s.Currency}, not zero");
        return [new AccountClosed(c.AccountId)];
    }

    public static IEnumerable<object> Debit(AccountState s, DebitForTransfer c)
    {
        if (s.Did("debit", c.TransferId)) return [];
        EnsureUsable(s, c.Currency);
        EnsureCovers(s, c.Amount);
        return [new MoneyWithdrawn(c.AccountId, c.Amount, c.Currency, c.TransferId)];
    }

    public static IEnumerable<object> Credit(AccountState s, CreditForTransfer c)
    {
        if (s.Did("credit", c.TransferId)) return [];
        if (s.Did("cancel", c.TransferId)) throw new DomainException($"transfer {c.TransferId} was cancelled: it timed out");
        EnsureUsable(s, c.Currency);
        return [new MoneyDeposited(c.AccountId, c.Amount, c.Currency, c.TransferId)];
    }

    /// <summary>Nothing to cancel once credited: the saga sees the credit and completes.</summary>
    public static IEnumerable<object> CancelCredit(AccountState s, CancelTransferCredit c) =>
        s.Did("credit", c.TransferId) || s.Did("cancel", c.TransferId) ? [] : [new TransferCreditCancelled(c.AccountId, c.TransferId)];

    /// <summary>A refund is owed even to a closed account: the money left it for a transfer that failed.</summary>
    public static IEnumerable<object> Refund(AccountState s, RefundTransfer c)
    {
        if (s.Did("refund", c.TransferId)) return [];
        if (!s.Did("debit", c.TransferId)) throw new DomainException($"transfer {c.TransferId} never debited this account");
        return [new TransferRefunded(c.AccountId, c.Amount, c.Currency, c.TransferId)];
    }

    private static void EnsureUsable(AccountState s, string currency)
    {
        if (s.Closed) throw new DomainException("the account is closed");
        if (s.Currency != currency) throw new DomainException($"the account holds {s.Currency}, not {currency}");
    }

    private static void EnsureCovers(AccountState s, decimal amount)
    {
        if (s.Balance - amount < -s.OverdraftLimit)
            throw new DomainException($"insufficient funds: balance {s.Balance} {s.Currency}, overdraft limit {s.OverdraftLimit}");
    }
}
