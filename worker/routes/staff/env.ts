/**
 * The context of every staff route behind the session middleware: the signed-in
 * member of staff is always there.
 */
import type { AppEnv } from '../../env';
import type { StaffUser } from '../../staff/roles';

export interface StaffEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { staff: StaffUser; staffSessionId: number };
}
