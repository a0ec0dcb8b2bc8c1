// labspecs: command-line entry used by run.ps1 (environment up/down/clean, image catalog). Filled in by the environment work.
return 0;
