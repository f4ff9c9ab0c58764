package dev.idempotency.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the library, as rules: a small public API that depends on nothing
 * internal, stores that know nothing of the web layer, and no package cycles.
 */
class ArchitectureTests {

	private static final String[] PUBLIC_API = { "dev.idempotency", "dev.idempotency.store",
			"dev.idempotency.fingerprint", "dev.idempotency.scope", "dev.idempotency.event" };

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.idempotency");

	@Test
	void thePublicApiDependsOnNeitherAutoConfigurationNorInternals() {
		noClasses().that()
			.resideInAnyPackage(PUBLIC_API)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.idempotency.autoconfigure..", "dev.idempotency.internal..")
			.check(this.classes);
	}

	@Test
	void storesDoNotDependOnTheWebLayer() {
		noClasses().that()
			.resideInAnyPackage("dev.idempotency.internal.store..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.idempotency.internal.web..", "jakarta.servlet..",
					"org.springframework.web..")
			.check(this.classes);
	}

	@Test
	void internalsDoNotDependOnAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("dev.idempotency.internal..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.idempotency.autoconfigure..")
			.check(this.classes);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.idempotency.(**)").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void autoConfigurationClassesArePublicAndFinal() {
		classes().that()
			.areAnnotatedWith(org.springframework.boot.autoconfigure.AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
			.check(this.classes);
	}

}
