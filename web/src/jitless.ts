import { z } from 'zod';

// zod probes whether it may compile validators with `new Function`; the portal's CSP forbids eval,
// and the browser reports the probe as a violation even though zod catches it. Imported first.
z.config({ jitless: true });
