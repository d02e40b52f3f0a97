namespace EventFramework.Samples.Bank.Accounts;

/// <summary>The account commands wired to the command service: validation, stream expectations, conflict retries.</summary>
public static class AccountService
{
    private static readonly CommandPolicy New = new() { Expect = StreamExpectation.New };
    private static readonly CommandPolicy Existing = new() { Expect = StreamExpectation.Existing, ConflictRetries = 10 };

    public static TypeRegistry Register(TypeRegistry registry) => registry
        .Register<AccountOpened>().Register<MoneyDeposited>().Register<MoneyWithdrawn>()
        .Register<TransferRefunded>().Register<TransferCreditCancelled>().Register<AccountClosed>();

    public static CommandService<AccountState> Create(IEventStore store, EventSerializer serializer, IntegrationMap? published = null)
    {
        var service = AggregateCommands.For<AccountState>(store, serializer)
            .On<OpenAccount>(c => Account.Stream(c.AccountId), Account.Open, New, new OpenAccountValidator())
            .On<Deposit>(c => Account.Stream(c.AccountId), Account.Deposit, Existing, new DepositValidator())
            .On<Withdraw>(c => Account.Stream(c.AccountId), Account.Withdraw, Existing, new WithdrawValidator())
            .On<CloseAccount>(c => Account.Stream(c.AccountId), Account.Close, Existing)
            .On<DebitForTransfer>(c => Account.Stream(c.AccountId), Account.Debit, Existing, new TransferStepValidator<DebitForTransfer>())
            .On<CreditForTransfer>(c => Account.Stream(c.AccountId), Account.Credit, Existing, new TransferStepValidator<CreditForTransfer>())
            .On<RefundTransfer>(c => Account.Stream(c.AccountId), Account.Refund, Existing, new TransferStepValidator<RefundTransfer>())
            .On<CancelTransferCredit>(c => Account.Stream(c.AccountId), Account.CancelCredit, Existing);
        return published is null ? service : service.Publish(published);
    }
}
