// labspecs: command line used by run.ps1 and by people (environment up/down/list, clean, image catalog).
using LabSpecs.Cli;

return await Commands.RunAsync(args);
