using FluentValidation;

namespace EventFramework.Samples.Bank.Accounts;

// Shape checks, before anything is loaded: every failed rule comes back in the command result.

internal static class MoneyRules
{
    public static void Amount<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.GreaterThan(0).WithMessage("The amount must be positive.")
            .PrecisionScale(18, 2, ignoreTrailingZeros: true).WithMessage("The amount has at most 2 decimals.");

    public static void Currency<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Matches("^[A-Z]{3}$").WithMessage("The currency is a three-letter ISO code such as EUR.");

    public static void AccountId<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9-]+$").WithMessage("An account id is letters, digits and dashes.");
}

public sealed class OpenAccountValidator : AbstractValidator<OpenAccount>
{
    public OpenAccountValidator()
    {
        RuleFor(c => c.AccountId).AccountId();
        RuleFor(c => c.Owner).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Currency).Currency();
        RuleFor(c => c.OverdraftLimit).GreaterThanOrEqualTo(0).PrecisionScale(18, 2, ignoreTrailingZeros: true);
    }
}

public sealed class DepositValidator : AbstractValidator<Deposit>
{
    public DepositValidator()
    {
        RuleFor(c => c.AccountId).AccountId();
        RuleFor(c => c.Amount).Amount();
        RuleFor(c => c.Currency).Currency();
    }
}

public sealed class WithdrawValidator : AbstractValidator<Withdraw>
{
    public WithdrawValidator()
    {
        RuleFor(c => c.AccountId).AccountId();
        RuleFor(c => c.Amount).Amount();
        RuleFor(c => c.Currency).Currency();
    }
}

public sealed class TransferStepValidator<T> : AbstractValidator<T> where T : ITransferStep
{
    public TransferStepValidator()
    {
        RuleFor(c => c.AccountId).AccountId();
        RuleFor(c => c.TransferId).NotEmpty();
        RuleFor(c => c.Amount).Amount();
        RuleFor(c => c.Currency).Currency();
    }
}
