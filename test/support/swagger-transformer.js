// Applies the @nestjs/swagger CLI plugin under ts-jest, so the OpenAPI document the e2e
// tests read is the one `nest build` produces (DTO schemas from class-validator and JSDoc).
// ts-jest hands transformers the program it built first; its language service has the
// current one, in which types from other files resolve (fallback: the first program).
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 2;
module.exports.factory = (compiler) =>
  plugin.before({ classValidatorShim: true, introspectComments: true }, compiler._languageService ? compiler._languageService.getProgram() : compiler.program);
