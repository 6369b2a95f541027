// The `switchboard` command. Node's compile cache goes on before anything else is loaded: the code
// compiled from Switchboard's modules is kept on disk (under the system's temporary directory, or
// NODE_COMPILE_CACHE), so a later start skips parsing and compiling them. NODE_DISABLE_COMPILE_CACHE=1
// turns it off.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./program.ts');
