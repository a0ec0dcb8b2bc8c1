using System.Text.Json;
using LabSpecs.Core;
using LabSpecs.Environments.Embedded;

namespace LabSpecs.Environments.Inventory;

/// <summary>
/// What a run holds on inventory hosts, written on this machine before it connects (/run/labspecs/inventory/ID.json): the
/// owner process, the inventory and the hosts. When the owner is killed (kill -9, a CI timeout) the reaper — or the next run's
/// sweep — connects to those hosts and removes what carries the dead run's label; the host locks went with its SSH sessions.
/// </summary>
public sealed record InventoryLedger(string Id, string Inventory, string Topology, IReadOnlyList<string> Hosts, int OwnerPid, long OwnerStartTime)
{
    public const string Directory = "/run/labspecs/inventory";

    public string FilePath => System.IO.Path.Combine(Directory, Id + ".json");

    public void Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(FilePath + ".tmp", JsonSerializer.Serialize(this));
        File.Move(FilePath + ".tmp", FilePath, overwrite: true);
    }

    public void Delete() => File.Delete(FilePath);

    public static IReadOnlyList<InventoryLedger> All()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        var all = new List<InventoryLedger>();
        foreach (var f in System.IO.Directory.GetFiles(Directory, "*.json"))
        {
            try { if (JsonSerializer.Deserialize<InventoryLedger>(File.ReadAllText(f)) is { } l) all.Add(l); }
            catch (Exception e) when (e is IOException or JsonException) { }
        }

        return all;
    }

    /// <summary>Removes, on each host of every dead run, what carries that run's label; returns how many hosts were swept.</summary>
    public static async Task<int> SweepDeadAsync(CancellationToken ct)
    {
        var swept = 0;
        foreach (var dead in All().Where(l => !ProcessInfo.IsAlive(l.OwnerPid, l.OwnerStartTime)))
        {
            if (File.Exists(dead.Inventory))
            {
                var inventory = InventoryFile.Load(dead.Inventory);
                var kubeadm = new KubeadmLedger(dead.Id);
                foreach (var name in dead.Hosts)
                {
                    if (inventory.Find(name) is not { } entry) continue;
                    try
                    {
                        var address = entry.LabAddress ?? System.Net.IPAddress.None;
                        using var host = new InventoryLabHost(entry, address, InventoryProvider.Endpoint(inventory, entry, address), InventoryProvider.Options);
                        if (kubeadm.Hosts().Contains(name) && !await KubeadmLedger.ResetAsync(host, ct).ConfigureAwait(false))
                        {
                            Console.Error.WriteLine($"labspecs: kubeadm reset of {name} (left by the dead run {dead.Id}) failed; by hand: {KubeadmLedger.HowToReset(name)}");
                        }

                        if (await InventoryEnvironment.IsKeptAsync(host, dead.Id, ct).ConfigureAwait(false)) continue;
                        var cleaned = await EngineCleaner.CleanAsync(host, EngineCleaning.OfRun(dead.Id), Timeouts.Default.Cleanup, ct).ConfigureAwait(false);
                        swept++;
                        if (cleaned.NotRemoved.Count > 0) Console.Error.WriteLine($"labspecs: on {name}, the dead run {dead.Id} left {string.Join("; ", cleaned.NotRemoved)}");
                    }
                    catch (LabSpecsException e)
                    {
                        // the next run that takes the host's lock removes it (every labelled leftover goes then)
                        Console.Error.WriteLine($"labspecs: could not reach {name} to remove what the dead run {dead.Id} left: {e.Message}");
                    }
                }
            }

            dead.Delete();
            File.Delete(new KubeadmLedger(dead.Id).FilePath);
        }

        return swept;
    }
}
