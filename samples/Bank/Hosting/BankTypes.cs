using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Transfers;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>Every stored or sent type of the bank under its stable name: events, the saga's commands and timers.</summary>
public static class BankTypes
{
    public static EventSerializer Serializer()
    {
        var registry = TransferService.Register(AccountService.Register(new TypeRegistry()))
            .Register<DebitForTransfer>("bank.debit-for-transfer")
            .Register<CreditForTransfer>("bank.credit-for-transfer")
            .Register<RefundTransfer>("bank.refund-transfer")
            .Register<CancelTransferCredit>("bank.cancel-transfer-credit");
        return new EventSerializer(registry);
    }
}
