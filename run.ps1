<#
.SYNOPSIS
    LabSpecs: set up this machine, run the handbook labs as tests, and write the living-documentation report.
.DESCRIPTION
    Verbs:
      run     (default) setup, build, run the labs (the Gherkin features) on the embedded environment, print the report path.
      test    setup, build, every test: unit, integration, all labs; closing line "Tests: N passed, N failed, N skipped".
      setup   install what LabSpecs needs: Debian packages (when root; idempotent) and the local dotnet tools.
      build   build the solution.
      up      bring up a topology from environments/local.yml and keep it running (e.g. ./run.ps1 up two-node).
      down    tear down environments started with 'up' (all of them, or the id given with -Name).
      ssh     run a command on a host of a running environment (e.g. ./run.ps1 ssh docker-node2 hostname).
      hosts   each host of an inventory (-Inventory FILE), where each field came from, and whether it answers.
      images  build or refresh the local image catalog and show progress.
      clean   remove everything any run left behind (namespaces, bridges, mounts, processes, state), build output and reports.
      bench   every figure of the speed goals next to its goal (bench/goals.sh; 'bench SCRIPT' runs another one of bench/).
      nightly every test, failed lab scenarios once more (failed then passed = flaky), the run added to the history
              (LABSPECS_HISTORY, default reports/history), the site with trends, JUnit XML and TRX; non-zero on a real failure.
      watch   FILE[:LINE]: keep that feature's environment up, rerun its scenarios (or the one at LINE) on every save (labspecs watch).
      report  the living-documentation site reports/site/index.html from the last run's messages (run and test write it
              too); -Merge DIR... joins the messages (*.ndjson) of several runs, e.g. shards (of several engines: a labs × engines page).
      matrix  the labs on each engine of -Engines 20.10,26,latest (reports/engines/ENGINE/), one site with labs × engines (so does nightly -Engines).
    'run' and 'test' take -Category and -Filter (passed to 'dotnet test'), stream each test's outcome as it finishes, and exit 0
    only when every executed test passed or was skipped with a reason. LABSPECS_RESULTS moves the .trx/.log results (default
    artifacts/test-results). 'run' first checks every step is bound ('run -DryRun' only that): an unbound one is named as
    file:line with the step catalog's closest phrases, nothing boots, exit 1 ('-Snippets' adds the C# binding). 'test' too.
    This script only sets up, builds and calls: outcomes, rerun lists, names and paths come from the labspecs CLI
    ('labspecs summary', 'rerun-list', 'paths --json'; src/Cli). A new verb is one line in $Verbs at the end.
    Options: -Category TAG (a Gherkin tag without '@') and -Filter EXPR (a 'dotnet test --filter' expression) select tests;
    -NoBuild (run, test, nightly, bench) skips setup, build and the image catalog; -Shard i/n runs whole features of shard i
    (balanced by the history; other tests in shard 1); -Merge DIR... (report) joins the messages of several runs;
    -SkipInventoryPass / -SkipVmPass (test) leave out the inventory self-test / the OVS lab on VMs; -KeepOnFailure keeps what a failed
    scenario made (on real hosts) and prints how to remove it; -Name: the topology for 'up', an environment id for 'down' (default: all);
    -SshConfig FILE (up) also writes a 'vagrant ssh-config'-style file; -AcceptNewHostKeys trusts a host key nothing pins yet.
.PARAMETER Channel
    nsenter (embedded default) or ssh: every host command and Docker API call over one SSH session per host (LABSPECS_CHANNEL).
    'test' runs the single-host and two-node labs a second time over ssh (report: reports/ssh/) unless -SkipSshPass.
.PARAMETER Engine
    Docker engine of the embedded hosts: 20.10, 26, latest (LABSPECS_ENGINE). 'test' also runs every lab on 26 (reports/engines/26/) unless -SkipEnginePass.
.PARAMETER Provider
    run/test/up: make the hosts with this provider: embedded (namespaces) or vm (qemu VMs with their own kernel; LABSPECS_PROVIDER).
    -FullKernel (run) is -Provider vm with the scenarios that need a full kernel (GRE, IPVS, Open vSwitch); nightly runs them too.
.PARAMETER Inventory
    run/test/nightly: run the labs on the machines of this inventory (LabSpecs YAML, 'vagrant ssh-config' output or an
    Ansible inventory); hosts: the inventory to show; up: also write an inventory that reaches the new hosts.
.EXAMPLE
    dotnet pwsh ./run.ps1 up two-node; dotnet pwsh ./run.ps1 ssh docker-node2 hostname
    Brings up the two-node lab and runs 'hostname' on docker-node2 over ssh from the lab's underlay.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)] [string] $Verb = 'run',
    [Parameter(Position = 1, ValueFromRemainingArguments = $true)] [string[]] $Rest = @(),
    [string] $Category, [string] $Filter, [string] $Name, [string[]] $Merge = @(), [string] $Shard,
    [switch] $DryRun, [switch] $Snippets, [switch] $KeepOnFailure, [switch] $NoBuild, [switch] $SkipSshPass, [switch] $SkipInventoryPass,
    [switch] $SkipEnginePass, [string] $Engine, [string] $Provider, [switch] $FullKernel, [switch] $SkipVmPass,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Debug',
    [ValidateSet('nsenter', 'ssh')] [string] $Channel,
    [string] $Inventory, [string] $SshConfig, [switch] $AcceptNewHostKeys, [string] $Engines
)

$ErrorActionPreference = 'Stop'; Set-StrictMode -Version Latest; $Root = $PSScriptRoot
$FullKernelFilter = 'Category=needs-gre|Category=needs-ipvs|Category=needs-openvswitch'   # what only VMs' own kernels run here
$env:REQNROLL_TELEMETRY_ENABLED = '0'; $env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'
if ($KeepOnFailure) { $env:LABSPECS_KEEP_ON_FAILURE = '1' }
if ($Snippets) { $env:LABSPECS_SNIPPETS = '1' }
if ($Channel) { $env:LABSPECS_CHANNEL = $Channel }; if ($Engine) { $env:LABSPECS_ENGINE = $Engine }   # the engine: checked by 'images build'
if ($Provider) { $env:LABSPECS_PROVIDER = $Provider }   # checked by the C# side: a provider of hosts (embedded, vm)
if ($FullKernel) { $env:LABSPECS_PROVIDER = 'vm'; $Filter = (@($Filter) + @($FullKernelFilter) | Where-Object { $_ }) -join '&' }
if ($AcceptNewHostKeys) { $env:LABSPECS_ACCEPT_NEW_HOST_KEYS = '1' }
if ($Shard) { $env:LABSPECS_SHARD = $Shard }   # checked by the runner (LabSpecs.Runner.RunSelection): i/n, whole features
if ($Inventory -and $Verb -in @('run', 'test', 'nightly')) {
    if (-not (Test-Path $Inventory)) { throw "-Inventory ${Inventory}: no such file" }
    $env:LABSPECS_INVENTORY = (Resolve-Path $Inventory).Path
}
$Results = if ($env:LABSPECS_RESULTS) { $env:LABSPECS_RESULTS } else { Join-Path $Root 'artifacts/test-results' }
$Cli = Join-Path $Root "src/Cli/bin/$Configuration/net10.0/labspecs.dll"
$Specs = Join-Path $Root 'src/StepDefinitions/LabSpecs.Specs.csproj'
$TestProjects = @('tests/LabSpecs.UnitTests/LabSpecs.UnitTests.csproj', 'tests/LabSpecs.IntegrationTests/LabSpecs.IntegrationTests.csproj') |
    ForEach-Object { Join-Path $Root $_ }
$script:Passes = @(); $script:ExtraTestArguments = @(); $script:Paths = $null   # 'labspecs summary' --pass/--rerun arguments; nightly's JUnit logger
function Test-Root { return (& id -u) -eq '0' }; function Write-Step([string] $text) { Write-Host "==> $text" -ForegroundColor Cyan }
function Invoke-Native([string] $File, [string[]] $Arguments) {
    & $File @Arguments | Out-Host; if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}
function Invoke-Setup {
    Write-Step 'setup: Debian packages'
    $installer = Join-Path $Root 'environments/embedded/install-prerequisites.sh'
    if (Test-Root) { Invoke-Native bash @($installer) }
    else { Write-Warning "Not root: skipping the Debian packages. The embedded environment needs root (network namespaces, dockerd). Run 'sudo bash $installer' once, then run this as root." }
    Write-Step 'setup: dotnet tools'
    Push-Location $Root; try { Invoke-Native dotnet @('tool', 'restore') } finally { Pop-Location }
}
function Invoke-Build { Write-Step "build ($Configuration)"; Invoke-Native dotnet @('build', (Join-Path $Root 'LabSpecs.sln'), '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly') }

# The lab hosts pull from a local registry; its images are built from Debian packages (minutes the first time, cached by recipe).
function Invoke-Images {
    if (-not (Test-Root)) { Write-Warning 'Not root: skipping the image catalog (needs root).'; return }
    Write-Step 'setup: image catalog'; Invoke-Cli @('images', 'build')
}
function Initialize-Run { if (-not $NoBuild) { Invoke-Setup; Invoke-Build; Invoke-Images } }

# The labspecs CLI: its output to the host; -Json returns its last line as an object (the CLI's machine-readable answer).
function Invoke-Cli([string[]] $Arguments, [switch] $Json, [switch] $NoThrow) {
    if (-not (Test-Path $Cli)) { Invoke-Build }
    if ($Json) { $out = @(& dotnet $Cli @Arguments) } else { & dotnet $Cli @Arguments | Out-Host }
    if ($LASTEXITCODE -ne 0 -and -not $NoThrow) { throw "labspecs $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
    if ($Json) { $out | Select-Object -SkipLast 1 | Out-Host; return ($out[-1] | ConvertFrom-Json) }
}

# Names and paths C# defines: reports directory, messages file name, the filter of the lab scenarios.
function Get-Paths { if (-not $script:Paths) { $script:Paths = Invoke-Cli @('paths', '--json') -Json }; return $script:Paths }
function Get-FilterArguments([string] $AlsoFilter = '') {
    $expr = @(@($AlsoFilter, $Filter) | Where-Object { $_ } | ForEach-Object { "($_)" }) + @(if ($Category) { "Category=$Category" })
    return $(if ($expr.Count -eq 0) { @() } else { @('--filter', ($expr -join '&')) })
}

# Runs one test project with its outcomes streamed live (name, outcome, duration), LabSpecs' progress lines, and the details
# of a failing test; the full console log is kept in $Results/<name>.log. Records the pass (its .trx and, for the labs, the
# reports directory) for 'labspecs summary'. Returns $true only when dotnet test exited 0.
function Invoke-TestProject([string] $Project, [string] $Label = '', [string] $AlsoFilter = '', [string] $ResultsDir = $Results, [switch] $Rerun) {
    $name = [IO.Path]::GetFileNameWithoutExtension($Project) + $Label; Write-Step "test: $name"
    New-Item -ItemType Directory -Force -Path $ResultsDir | Out-Null; $log = Join-Path $ResultsDir "$name.log"
    $arguments = @('test', $Project, '-c', $Configuration, '--no-build', '--nologo', '--results-directory', $ResultsDir,
        '--logger', "trx;LogFileName=$name.trx", '--logger', 'console;verbosity=normal') + (Get-FilterArguments $AlsoFilter) + $script:ExtraTestArguments
    if ($Project -eq $Specs -and $env:LABSPECS_WORKERS) { $arguments += @('--', "NUnit.NumberOfTestWorkers=$($env:LABSPECS_WORKERS)") }
    $pass = Join-Path $ResultsDir "$name.trx"
    if ($Project -eq $Specs) { $pass += "=$(if ($env:LABSPECS_REPORTS) { $env:LABSPECS_REPORTS } else { (Get-Paths).reports })" }
    $script:Passes += @($(if ($Rerun) { '--rerun' } else { '--pass' }), $pass); $filter = [TestOutputFilter]::new($log)
    try { & dotnet @arguments 2>&1 | ForEach-Object { $filter.Line("$_") }; $code = $LASTEXITCODE } finally { $filter.Close() }
    Write-Host "    $name`: dotnet test exited $code (full log: $log)"
    return ($code -eq 0)
}

# What to show of 'dotnet test' output while it runs (display only; outcomes come from 'labspecs summary'): result lines,
# LabSpecs progress ("labspecs: ..."), everything after a failed result until the next result, vstest's summary and errors.
class TestOutputFilter {
    [IO.StreamWriter] $Log
    [bool] $Showing = $true   # before the first result line everything shows (build/discovery errors)
    TestOutputFilter([string] $path) { $this.Log = [IO.StreamWriter]::new($path, $false) }
    [void] Line([string] $line) {
        $this.Log.WriteLine($line)
        $result = [regex]::Match($line, '^\s+(Passed|Failed|Skipped|NotRunnable)\s')
        if ($result.Success) {
            $this.Showing = $result.Groups[1].Value -eq 'Failed'
            $color = switch ($result.Groups[1].Value) { 'Passed' { 'Green' } 'Failed' { 'Red' } default { 'Yellow' } }
            Write-Host $line -ForegroundColor $color
        } elseif ([regex]::IsMatch($line, '^\s*labspecs: ')) { Write-Host $line -ForegroundColor DarkGray }
        elseif ($this.Showing -or [regex]::IsMatch($line, '^(Test Run |Total tests|\s+(Passed|Failed|Skipped|Total):\s|\s*Total time|Results File|Test run for|A total of|No test |Error|error |.*: error )')) { Write-Host $line }
    }
    [void] Close() { $this.Log.Dispose() }
}

# Binds every step of the selected features with Reqnroll's dry run: no step, hook or environment runs.
function Invoke-DryRun {
    Write-Step 'dry run: every step of the selected features bound to exactly one step definition'
    $arguments = @('test', $Specs, '-c', $Configuration, '--no-build', '--nologo', '-e', 'REQNROLL_DRY_RUN=true',
        '--logger', 'console;verbosity=minimal') + (Get-FilterArguments (Get-Paths).labsFilter)
    & dotnet @arguments | Out-Host
    $bound = $LASTEXITCODE -eq 0; Write-Host $(if ($bound) { 'Dry run: every step is bound.' } else { 'Dry run: some steps are not bound (listed above, as file:line).' })
    return $bound
}

# Every step of the selected features bound, before anything boots (with only -Filter the runner checks each feature itself).
function Test-Bound { if ($Category -or -not $Filter) { Invoke-Cli (@('check') + @(if ($Category) { '--category', $Category })) -NoThrow; if ($LASTEXITCODE) { exit 1 } } }

# The closing lines from 'labspecs summary' (skipped with reasons, flaky, failed, "Tests: N passed, N failed, N skipped");
# exits 0 only when every dotnet test run exited 0 (and the chaos proof found nothing left), nothing failed and something ran.
function Complete-Run([bool] $AllExitedZero) {
    $arguments = @('summary') + $script:Passes + @(if (-not $AllExitedZero) { '--run-failed' })
    Invoke-Cli $arguments -NoThrow; $code = $LASTEXITCODE
    if ($code -ne 0) { Write-Host 'run.ps1: FAILED' -ForegroundColor Red }
    exit $code
}
# The living-documentation site from the run's messages or those under -Merge directories (shards); not written = a warning.
function Invoke-Report([string[]] $Directories = @(), [string[]] $Extra = @(), [switch] $Strict) {
    Write-Step 'report: living-documentation site'
    $arguments = @('report') + @($Directories | Where-Object { $_ } | ForEach-Object { @('--merge', $_) }) + $Extra
    try { Invoke-Cli $arguments } catch { if ($Strict) { throw }; Write-Warning "The site was not written: $_" }
}
function Clear-Results { if (Test-Path $Results) { Remove-Item -Recurse -Force $Results } }
# The unit and integration tests run in shard 1 only, so a matrix of shards runs every test exactly once.
function Invoke-OtherTests {
    $ok = $true
    if (-not $Shard -or $Shard.StartsWith('1/')) { foreach ($project in $TestProjects) { if (-not (Invoke-TestProject $project)) { $ok = $false } } }
    return $ok
}

# bench/chaos.sh: lab runs killed with kill -9 at random moments must leave nothing (LABSPECS_CHAOS_KILLS overrides N; 0: none).
function Invoke-Chaos([int] $Kills) {
    if ($env:LABSPECS_CHAOS_KILLS) { $Kills = [int] $env:LABSPECS_CHAOS_KILLS }
    if ($Kills -eq 0 -or $env:LABSPECS_INVENTORY -or ($Shard -and -not $Shard.StartsWith('1/')) -or -not (Test-Root)) { return $true }
    Write-Step "chaos: $Kills lab runs killed with kill -9 at random moments; nothing of them may be left"
    Invoke-WithEnv @{ NOBUILD = '1' } { & bash (Join-Path $Root 'bench/chaos.sh') $Kills | Out-Host }
    return ($LASTEXITCODE -eq 0)
}
# Runs a block with environment variables set, restoring them after.
function Invoke-WithEnv([hashtable] $Vars, [scriptblock] $Block) {
    $saved = @{}; foreach ($k in $Vars.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Vars[$k]) }
    try { & $Block } finally { foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) } }
}

function Invoke-Test {
    Initialize-Run; Clear-Results
    $ok = Invoke-DryRun; if (-not (Invoke-OtherTests)) { $ok = $false }; if (-not (Invoke-TestProject $Specs)) { $ok = $false }
    if (-not $SkipSshPass -and $env:LABSPECS_CHANNEL -ne 'ssh') {
        # The single-host and two-node labs once more, every host command and Docker API call over SSH: the features need
        # nothing but what a real host reachable by SSH offers. Report: reports/ssh.
        $ssh = Invoke-WithEnv @{ LABSPECS_CHANNEL = 'ssh'; LABSPECS_REPORTS = (Join-Path (Get-Paths).reports 'ssh') } {
            Invoke-TestProject $Specs '-ssh' 'Category=single-host|Category=two-node' }
        if (-not $ssh) { $ok = $false }
    }
    if (-not $SkipEnginePass -and -not $env:LABSPECS_ENGINE -and -not $env:LABSPECS_INVENTORY -and -not (Invoke-WithEnv @{ LABSPECS_ENGINE = '26'; LABSPECS_REPORTS = (Join-Path (Get-Paths).reports 'engines/26') } { Invoke-TestProject $Specs '-engine-26' })) { $ok = $false }   # every lab on Docker 26 too
    if (-not $SkipInventoryPass -and -not $env:LABSPECS_INVENTORY -and -not $env:LABSPECS_SHARD) { if (-not (Invoke-InventorySelfTest)) { $ok = $false } }
    if (-not $SkipVmPass -and -not $env:LABSPECS_INVENTORY -and -not $env:LABSPECS_PROVIDER -and -not (Invoke-VmPass 'Category=openvswitch&Category=gre' -NoSkips)) { $ok = $false }   # the handbook's OVS GRE scenario on qemu VMs
    if (-not (Invoke-Chaos 5)) { $ok = $false }
    Invoke-Report; Complete-Run $ok
}
# The overlay-etcd lab on two-node hosts reached only through an inventory, then through a vagrant-ssh-config file, as a user
# reaches Vagrant boxes (loopback ports to each sshd, no nsenter); then nothing the runs created may be left on the hosts.
function Invoke-InventorySelfTest {
    Write-Step 'test: inventory self-test (two-node hosts through an inventory and an ssh-config file)'
    $dir = New-Item -ItemType Directory -Force (Join-Path $Results 'inventory')
    $inv = Join-Path $dir 'inv.yml'; $conf = Join-Path $dir 'ssh.conf'
    try { $up = Invoke-Cli @('env', 'up', 'two-node', '--inventory', $inv, '--ssh-config', $conf, '--json') -Json }
    catch { Write-Host "inventory self-test: could not bring up two-node: $_" -ForegroundColor Red; return $false }
    $ok = $true
    try {
        foreach ($label in @('inventory', 'ssh-config')) {
            $file = if ($label -eq 'inventory') { $inv } else { $conf }
            $passed = Invoke-WithEnv @{ LABSPECS_INVENTORY = $file; LABSPECS_REPORTS = (Join-Path (Get-Paths).reports $label) } {
                Invoke-TestProject $Specs "-$label" 'Category=overlay-etcd' }
            if (-not $passed) { $ok = $false }
        }
        $left = & dotnet $Cli ssh --env $up.id docker-node1 'docker ps -aq; docker network ls -q --filter type=custom' 2>$null
        if ($LASTEXITCODE -ne 0 -or ($left | Where-Object { $_.Trim() })) {
            Write-Host "inventory self-test: the runs left things on docker-node1: $($left -join ' ')" -ForegroundColor Red; $ok = $false
        } else { Write-Host 'inventory self-test: nothing the runs created is left on docker-node1' }
    } finally { Invoke-Cli @('env', 'down', $up.id) }
    return $ok
}
# The scenarios of FILTER on qemu VMs (their own kernel: GRE, IPVS, Open vSwitch). Report: reports/vm.
# -NoSkips: a scenario skipped there fails the pass (the VMs lack what they are for, e.g. their Open vSwitch did not come up).
function Invoke-VmPass([string] $VmFilter, [switch] $NoSkips) { $reports = Join-Path (Get-Paths).reports 'vm'
    $ok = Invoke-WithEnv @{ LABSPECS_PROVIDER = 'vm'; LABSPECS_REPORTS = $reports } { Invoke-TestProject $Specs '-vm' $VmFilter }
    if ($NoSkips -and (Invoke-Cli @('summary', '--pass', "$(Join-Path $Results 'LabSpecs.Specs-vm.trx')=$reports", '--json') -Json -NoThrow).skipped -gt 0) { Write-Host 'VM pass: a scenario was skipped on VMs (reason above)' -ForegroundColor Red; $ok = $false }
    return $ok }
# nightly (see the help above): a real failure is a test that is not a lab scenario failing, or a scenario failing twice.
function Invoke-Nightly {
    Initialize-Run; Clear-Results
    $reports = (Get-Paths).reports
    $env:LABSPECS_HISTORY = $history = if ($env:LABSPECS_HISTORY) { $env:LABSPECS_HISTORY } else { Join-Path $reports 'history' }
    $junit = Join-Path $Results 'junit'
    $script:ExtraTestArguments = @('--logger', "junit;LogFilePath=$junit/{assembly}.xml")
    $ok = (Invoke-OtherTests) -and (Invoke-Chaos 50)   # the labs' exit codes do not count: a scenario that passes when run again is flaky
    [void] (Invoke-TestProject $Specs); [void] (Invoke-VmPass $FullKernelFilter)
    $rerun = Invoke-Cli (@('rerun-list') + $script:Passes + @('--out', (Join-Path $Results 'rerun.txt'), '--json')) -Json
    $messages = @('--messages', (Join-Path $reports (Get-Paths).messages))
    if ($rerun.scenarios.Count -gt 0) {
        Write-Step "nightly: running the $($rerun.scenarios.Count) failed scenario(s) once more"
        $script:ExtraTestArguments = @('--logger', "junit;LogFilePath=$junit/rerun/{assembly}.xml")
        $rerunReports = Join-Path $reports 'rerun'
        [void] (Invoke-WithEnv @{ LABSPECS_REPORTS = $rerunReports; LABSPECS_RERUN = $rerun.file; REQNROLL_FORMATTERS = $null } {
            Invoke-TestProject $Specs '.rerun' (Get-Paths).labsFilter (Join-Path $Results 'rerun') -Rerun })
        $messages += @('--messages', (Join-Path $rerunReports (Get-Paths).messages))
    }
    Invoke-Report -Extra ($messages + @('--history', $history, '--record', '--junit', ($labsJunit = Join-Path $reports 'labspecs-junit.xml')))
    Write-Host "JUnit XML: $labsJunit (labs, reruns counted once) and $junit/*.xml; TRX: $Results/*.trx"
    Complete-Run $ok
}
# Each verb, one line; a verb the CLI implements needs only Invoke-Cli (e.g. watch = { Invoke-Cli (@('watch') + $Rest) }).
$Verbs = [ordered]@{
    run     = { if ($DryRun) { if (-not $NoBuild) { Invoke-Setup; Invoke-Build }; if (-not (Invoke-DryRun)) { exit 1 }; return }
                Initialize-Run; Test-Bound; Clear-Results; $ok = Invoke-TestProject $Specs; Invoke-Report; Complete-Run $ok }
    watch   = { if (-not $NoBuild) { Invoke-Build }; Invoke-Cli (@('watch') + $Rest) }
    test    = { Invoke-Test }
    setup   = { Invoke-Setup }
    build   = { Invoke-Build }
    up      = { Invoke-Cli (@('env', 'up', $(if ($Name) { $Name } elseif ($Rest) { $Rest[0] } else { 'two-node' })) +
                  @(if ($Provider) { '--provider', $Provider }) + @(if ($Inventory) { '--inventory', $Inventory }) + @(if ($SshConfig) { '--ssh-config', $SshConfig })) }
    down    = { Invoke-Cli @('env', 'down', $(if ($Name) { $Name } else { '--all' })) }
    ssh     = { if ($Rest.Count -lt 2) { throw 'usage: ./run.ps1 ssh HOST COMMAND... (e.g. ./run.ps1 ssh docker-node2 hostname)' }; Invoke-Cli (@('ssh') + $Rest) }
    hosts   = { Invoke-Cli @('hosts', $(if ($Inventory) { $Inventory } elseif ($Rest) { $Rest[0] } else { throw 'usage: ./run.ps1 hosts -Inventory FILE' })) }
    images  = { Invoke-Images }
    nightly = { if ($Engines) { & $Verbs.matrix 'nightly' } else { Invoke-Nightly } }
    matrix  = { param($Of = 'run') Initialize-Run; Invoke-Cli (@('matrix', '--engines', $Engines, '--verb', $Of) + @(if ($Category) { '--category', $Category }) + @(if ($Filter) { '--filter', $Filter })) -NoThrow; exit $LASTEXITCODE }
    report  = { Invoke-Report (@($Merge) + @($Rest) | Where-Object { $_ }) -Strict }
    clean   = { Write-Step 'clean: lab leftovers'; Invoke-Cli @('clean'); $reports = (Get-Paths).reports
                Write-Step 'clean: build output and reports'
                foreach ($dir in @($reports, (Join-Path $Root 'artifacts'))) { if (Test-Path $dir) { Remove-Item -Recurse -Force $dir } }
                Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include 'bin', 'obj' | Remove-Item -Recurse -Force }
    # bench/goals.sh prints every figure of the speed goals; 'bench SCRIPT [ARGS]' runs another script of bench/.
    bench   = { $script = if ($Rest -and $Rest[0] -like '*.sh') { $Rest[0] } else { 'goals.sh' }
                $arguments = @($Rest | Where-Object { $_ -ne $script })
                Initialize-Run; Write-Step "bench: $script"; $env:NOBUILD = '1'
                Invoke-Native bash (@((Join-Path $Root "bench/$script")) + $arguments) }
}
if (-not $Verbs.Contains($Verb)) { throw "unknown verb '$Verb'; one of: $($Verbs.Keys -join ', ')" }
& $Verbs[$Verb]
