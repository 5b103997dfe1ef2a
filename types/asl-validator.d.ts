// asl-validator 4 ships no types for its default export.
declare module "asl-validator" {
  interface AslValidatorResult {
    isValid: boolean;
    errors: Array<{ path?: string; message: string; "Error code"?: string }>;
  }
  export default function aslValidator(definition: unknown, options?: Record<string, unknown>): AslValidatorResult;
}
