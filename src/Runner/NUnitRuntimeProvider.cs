using LabSpecs.Core;
using NUnit.Framework;
using Reqnroll;
using Reqnroll.UnitTestProvider;

namespace LabSpecs.Runner;

/// <summary>
/// What Reqnroll.NUnit would register as the "nunit" unit test provider. Pending and undefined steps throw
/// <see cref="StepsNotImplementedException"/>, which <see cref="ScenarioExecutor"/> turns into a failure (an
/// Inconclusive result would vanish from dotnet test's counts); ignores become NUnit's Ignored.
/// </summary>
public sealed class NUnitRuntimeProvider : IUnitTestRuntimeProvider
{
    public const string Name = "nunit";

    public void TestPending(string message) => throw new StepsNotImplementedException(message);

    public void TestInconclusive(string message) => throw new StepsNotImplementedException(message);

    public void TestIgnore(string message) => Assert.Ignore(message);

    /// <summary>Skips (a missing capability, an explicit ignore) are reported as skipped steps, not errors.</summary>
    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) =>
        ScenarioExecutor.SkipReason(exception) is null ? null : ScenarioExecutionStatus.Skipped;
}

/// <summary>Reqnroll reported pending or undefined steps; the message is Reqnroll's (with binding snippets for undefined ones).</summary>
public sealed class StepsNotImplementedException(string message) : Exception(message);
