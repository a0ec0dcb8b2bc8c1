<#
.SYNOPSIS
    LabSpecs: set up this machine, run the handbook labs as tests, and write the living-documentation report.

.DESCRIPTION
    Verbs:
      run     (default) setup, build, run the labs (the Gherkin features) on the embedded environment, print the report path.
      test    setup, build, run every test: unit tests, the environment's integration tests, and all labs.
              Prints a closing line "Tests: N passed, N failed, N skipped".
      setup   install what LabSpecs needs: Debian packages (when root; idempotent) and the local dotnet tools.
      build   build the solution.
      up      bring up a topology from environments/local.yml and keep it running (e.g. ./run.ps1 up two-node).
      down    tear down environments started with 'up' (all of them, or the id given with -Name).
      ssh     run a command on a host of a running environment (e.g. ./run.ps1 ssh docker-node2 hostname).
      images  build or refresh the local image catalog and show progress.
      clean   remove everything any run left behind (namespaces, bridges, mounts, processes, state), build output and reports.
      bench   run the benchmark scripts under bench/ and print their figures.

    Both 'run' and 'test' accept -Category and -Filter, passed through to 'dotnet test'.
    'run -DryRun' binds every step of the selected features (Reqnroll's own matcher, arguments converted) and runs nothing:
    no environment, no hook, no host. It exits non-zero naming each unbound step as file:line with the binding to paste.
    'test' starts with the same dry run over every feature.

.PARAMETER Verb
    One of run, test, setup, build, up, down, ssh, images, clean, bench. Default: run.

.PARAMETER Category
    Run only tests in this category (a Gherkin tag without '@', e.g. bridge, overlay, runner).

.PARAMETER Filter
    A raw 'dotnet test --filter' expression, e.g. "Category=swarm&Category!=needs-ipvs".

.PARAMETER DryRun
    For 'run': only check that every step of the selected features is bound (see above).

.PARAMETER KeepOnFailure
    Keep what a failed scenario made (e.g. its Kubernetes namespace) for debugging; the run prints how to remove it.

.PARAMETER Name
    For 'up': the topology (single-host, two-node, swarm). For 'down': an environment id (default: all).

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./run.ps1
    Sets up the machine, runs every lab, prints where the HTML report is.

.EXAMPLE
    dotnet pwsh ./run.ps1 run -Category bridge
    Runs only the bridge lab.

.EXAMPLE
    dotnet pwsh ./run.ps1 run -Category k8s -DryRun
    Proves every step of the Kubernetes labs is bound, without a cluster.

.EXAMPLE
    dotnet pwsh ./run.ps1 up two-node; dotnet pwsh ./run.ps1 ssh docker-node2 hostname
    Brings up the two-node lab and runs 'hostname' on docker-node2 over ssh from the lab's underlay
    (the 'up' output also prints the plain 'ip netns exec <underlay> ssh root@192.168.205.11' command).
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('run', 'test', 'setup', 'build', 'up', 'down', 'ssh', 'images', 'clean', 'bench')]
    [string] $Verb = 'run',

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @(),

    [string] $Category,
    [string] $Filter,
    [string] $Name,
    [switch] $DryRun,
    [switch] $KeepOnFailure,
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$env:REQNROLL_TELEMETRY_ENABLED = '0'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
if ($KeepOnFailure) { $env:LABSPECS_KEEP_ON_FAILURE = '1' }

$Reports = if ($env:LABSPECS_REPORTS) { $env:LABSPECS_REPORTS } else { Join-Path $Root 'reports' }
$Results = Join-Path $Root 'artifacts/test-results'
$Specs = Join-Path $Root 'src/StepDefinitions/LabSpecs.Specs.csproj'
$TestProjects = @(
    (Join-Path $Root 'tests/LabSpecs.UnitTests/LabSpecs.UnitTests.csproj'),
    (Join-Path $Root 'tests/LabSpecs.IntegrationTests/LabSpecs.IntegrationTests.csproj'),
    $Specs
)

function Write-Step([string] $text) { Write-Host "==> $text" -ForegroundColor Cyan }

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

function Test-Root { return (& id -u) -eq '0' }

function Invoke-Setup {
    Write-Step 'setup: Debian packages'
    $installer = Join-Path $Root 'environments/embedded/install-prerequisites.sh'
    if (Test-Root) {
        Invoke-Native bash @($installer)
    } else {
        Write-Warning ("Not root: skipping the Debian packages. The embedded environment needs root (network namespaces, " +
            "dockerd). Run 'sudo bash $installer' once, then run this as root.")
    }
    Write-Step 'setup: dotnet tools'
    Push-Location $Root
    try { Invoke-Native dotnet @('tool', 'restore') } finally { Pop-Location }
}

# The lab hosts pull from a local registry; its images are built from Debian packages (about 5 min the first time,
# under a second when cached by recipe content).
function Invoke-Images {
    if (-not (Test-Root)) { Write-Warning 'Not root: skipping the image catalog (needs root).'; return }
    Write-Step 'setup: image catalog'
    Invoke-Cli @('images', 'build')
}

function Invoke-Build {
    Write-Step "build ($Configuration)"
    Invoke-Native dotnet @('build', (Join-Path $Root 'LabSpecs.sln'), '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly')
}

function Get-FilterArguments {
    $expr = @()
    if ($Category) { $expr += "Category=$Category" }
    if ($Filter) { $expr += "($Filter)" }
    if ($expr.Count -eq 0) { return @() }
    return @('--filter', ($expr -join '&'))
}

function Invoke-Cli([string[]] $Arguments) {
    $dll = Join-Path $Root "src/Cli/bin/$Configuration/net10.0/labspecs.dll"
    if (-not (Test-Path $dll)) { Invoke-Build }
    & dotnet $dll @Arguments
    if ($LASTEXITCODE -ne 0) { throw "labspecs $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# Runs one test project; returns $true when it passed. Results go to a .trx file for the closing summary.
function Invoke-TestProject([string] $Project) {
    $name = [IO.Path]::GetFileNameWithoutExtension($Project)
    Write-Step "test: $name"
    $arguments = @('test', $Project, '-c', $Configuration, '--no-build', '--nologo',
        '--results-directory', $Results, '--logger', "trx;LogFileName=$name.trx", '--logger', 'console;verbosity=normal') + (Get-FilterArguments)
    & dotnet @arguments
    return ($LASTEXITCODE -eq 0)
}

# Binds every step of the selected features (all of them without -Category/-Filter) with Reqnroll's dry run: no step, hook
# or environment runs. Returns $true when every step is bound; dotnet's output goes to the host, not into the return value.
function Invoke-DryRun {
    Write-Step 'dry run: every step of the selected features bound to exactly one step definition'
    $selection = @('FullyQualifiedName~LabSpecs.Features.LabFeatures')
    if ($Category) { $selection += "Category=$Category" }
    if ($Filter) { $selection += "($Filter)" }
    $arguments = @('test', $Specs, '-c', $Configuration, '--no-build', '--nologo', '-e', 'REQNROLL_DRY_RUN=true',
        '--logger', 'console;verbosity=minimal', '--filter', ($selection -join '&'))
    & dotnet @arguments | Out-Host
    $bound = $LASTEXITCODE -eq 0
    if ($bound) { Write-Host 'Dry run: every step is bound.' } else { Write-Host 'Dry run: some steps are not bound (listed above, as file:line).' }
    return $bound
}

# Adds up the outcomes in this run's .trx files, lists what was skipped and why, and prints the closing line.
function Write-Summary {
    $passed = 0; $failed = 0; $skipped = @()
    foreach ($trx in Get-ChildItem -Path $Results -Filter '*.trx' -ErrorAction SilentlyContinue) {
        [xml] $doc = Get-Content -Raw $trx.FullName
        foreach ($result in $doc.TestRun.Results.UnitTestResult) {
            switch ($result.outcome) {
                'Passed' { $passed++ }
                'NotExecuted' {
                    $why = $result.SelectSingleNode('*[local-name()="Output"]/*[local-name()="ErrorInfo"]/*[local-name()="Message"]')
                    if (-not $why) { $why = $result.SelectSingleNode('*[local-name()="Output"]/*[local-name()="StdOut"]') }
                    $reason = if ($why) { ($why.InnerText -split "`n")[0].Trim() } else { '(no reason given)' }
                    $skipped += "  - $($result.testName): $reason"
                }
                default { $failed++ }
            }
        }
    }
    Write-Host ''
    if ($skipped.Count -gt 0) {
        Write-Host 'Skipped, with the reason:'
        $skipped | ForEach-Object { Write-Host $_ }
    }
    Write-Host "Tests: $passed passed, $failed failed, $($skipped.Count) skipped"
    return ($passed + $failed) -gt 0
}

function Write-ReportLocation {
    $html = Join-Path $Reports 'labspecs-report.html'
    if (Test-Path $html) {
        Write-Host "Living-doc report: $html"
        Write-Host "Messages (ndjson): $(Join-Path $Reports 'labspecs-report.ndjson')"
    } else {
        Write-Warning "No report was written at $html"
    }
}

function Clear-Results { if (Test-Path $Results) { Remove-Item -Recurse -Force $Results } }

switch ($Verb) {
    'setup' { Invoke-Setup }
    'build' { Invoke-Build }
    'run' {
        if ($DryRun) {
            Invoke-Setup
            Invoke-Build
            if (-not (Invoke-DryRun)) { exit 1 }
            return
        }
        Invoke-Setup
        Invoke-Build
        Invoke-Images
        Clear-Results
        $ok = Invoke-TestProject $Specs
        [void] (Write-Summary)
        Write-ReportLocation
        if (-not $ok) { exit 1 }
    }
    'test' {
        Invoke-Setup
        Invoke-Build
        Invoke-Images
        Clear-Results
        $ok = Invoke-DryRun
        foreach ($project in $TestProjects) { if (-not (Invoke-TestProject $project)) { $ok = $false } }
        if (-not (Write-Summary)) { Write-Warning 'No test was executed.'; $ok = $false }
        Write-ReportLocation
        if (-not $ok) { exit 1 }
    }
    'up' {
        $topology = if ($Name) { $Name } elseif ($Rest.Count -gt 0) { $Rest[0] } else { 'two-node' }
        Invoke-Cli @('env', 'up', $topology)
    }
    'down' {
        if ($Name) { Invoke-Cli @('env', 'down', $Name) } else { Invoke-Cli @('env', 'down', '--all') }
    }
    'ssh' {
        if ($Rest.Count -lt 2) { throw "usage: ./run.ps1 ssh HOST COMMAND... (e.g. ./run.ps1 ssh docker-node2 hostname)" }
        Invoke-Cli (@('ssh') + $Rest)
    }
    'images' { Invoke-Images }
    'clean' {
        Write-Step 'clean: lab leftovers'
        Invoke-Cli @('clean')
        Write-Step 'clean: build output and reports'
        foreach ($dir in @($Reports, (Join-Path $Root 'artifacts'))) { if (Test-Path $dir) { Remove-Item -Recurse -Force $dir } }
        Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include 'bin', 'obj' |
            Remove-Item -Recurse -Force
    }
    'bench' {
        foreach ($script in Get-ChildItem -Path (Join-Path $Root 'bench') -Filter '*.sh') {
            Write-Step "bench: $($script.Name)"
            Invoke-Native bash @($script.FullName)
        }
    }
}
