/** Building blocks of the IPC contract: one channel = a name `domain:verb` + argument and result schemas. */
import type { z } from 'zod';

/** Schemas of one IPC channel. `args` is validated in main before any service runs. */
export interface ChannelSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
}

export const channel = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R): ChannelSpec<A, R> => ({
  args,
  result,
});
